import type { AppServices } from '../app-services';
import { sessionUser, type HandlerMap } from '../handler-types';

type ComplianceChannels = 'selfIdentification.get' | 'selfIdentification.answer' | 'compliance.biasReport';

/** The dispatcher admits only candidates to the first two (each answers for themselves) and only admins to the report. */
export function complianceHandlers({ compliance }: AppServices): Pick<HandlerMap, ComplianceChannels> {
  return {
    'selfIdentification.get': (_input, context) => ({ answer: compliance.selfIdentification.current(sessionUser(context).id) }),
    'selfIdentification.answer': (input, context) => ({ answer: compliance.selfIdentification.answer(sessionUser(context).id, input) }),
    'compliance.biasReport': (input) => {
      const { scope, report, csv, summary } = compliance.biasReport.make(input);
      return { ...scope, candidates: report.candidates, medianScore: report.medianScore, groups: report.groups, unknown: report.unknown, csv, summary };
    },
  };
}
