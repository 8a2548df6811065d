import { useState } from 'react';
import type { SessionUser } from '../../../shared/ipc/contract';
import { SignedInFrame } from '../components/Frame';
import { ScreenHeading } from '../components/ScreenHeading';
import { AtsExportSection } from './staff/AtsExportSection';
import { BiasReportSection } from './staff/BiasReportSection';
import { DeviceSettingsSection } from './staff/DeviceSettingsSection';
import { DevicesSection } from './staff/DevicesSection';
import { WebhooksSection } from './staff/WebhooksSection';
import { WebhooksAttentionLine } from './staff/webhooks/WebhooksAttentionLine';
import { ErasureSection } from './staff/ErasureSection';
import { FollowUpRequests } from './staff/FollowUpRequests';
import { InterviewsSection } from './staff/InterviewsSection';
import { ResumeFeedbackSection } from './staff/ResumeFeedbackSection';
import { StaffAccountsSection } from './staff/StaffAccountsSection';
import { DiagnosticsPanel } from './self-check/DiagnosticsPanel';
import { SelfCheckScreen } from './self-check/SelfCheckScreen';
import { SyncStatusLine } from './staff/SyncStatusLine';
import { AiServiceStatusLine } from './staff/AiServiceStatusLine';

type Section = 'interviews' | 'ats-export' | 'resume-feedback' | 'follow-ups' | 'bias-report' | 'erasure' | 'staff-accounts' | 'devices' | 'webhooks' | 'device-settings' | 'self-check';

const sectionLabels: Record<Section, string> = {
  interviews: 'Interviews',
  'ats-export': 'Export for hiring systems',
  'resume-feedback': 'Resume feedback',
  'follow-ups': 'Requests to follow up',
  'bias-report': 'Bias report',
  erasure: 'Erasure requests',
  'staff-accounts': 'Staff accounts',
  devices: 'Devices',
  webhooks: 'Webhooks',
  'device-settings': 'Device settings',
  'self-check': 'Kiosk self-check',
};

interface StaffHomeProps {
  user: SessionUser;
  version: string;
  onSignOut: () => void;
  signingOut: boolean;
  signOutError: string | null;
}

export function StaffHomeScreen({ user, version, onSignOut, signingOut, signOutError }: StaffHomeProps) {
  // Main enforces roles on every call; hiding admin sections only keeps the
  // screen honest about what this person can do.
  const sections: Section[] =
    user.role === 'admin'
      ? ['interviews', 'ats-export', 'resume-feedback', 'follow-ups', 'bias-report', 'erasure', 'staff-accounts', 'devices', 'webhooks', 'device-settings', 'self-check']
      : user.role === 'recruiter'
        ? ['interviews', 'ats-export', 'resume-feedback', 'follow-ups']
        : ['interviews', 'resume-feedback', 'follow-ups'];
  const [current, setCurrent] = useState<Section>('interviews');
  // Counts choices of a tab, so choosing the one already current still does
  // something: a section showing one item (an open interview) goes back to its list.
  const [choices, setChoices] = useState(0);

  const nav = (
    <nav aria-label="Sections" className="section-nav">
      <ul>
        {sections.map((section) => (
          <li key={section}>
            <button
              type="button"
              className="nav-button"
              aria-current={section === current ? 'page' : undefined}
              onClick={() => {
                setCurrent(section);
                setChoices((count) => count + 1);
              }}
            >
              {sectionLabels[section]}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );

  return (
    <SignedInFrame
      user={user}
      version={version}
      onSignOut={onSignOut}
      signingOut={signingOut}
      signOutError={signOutError}
      nav={
        <>
          {nav}
          <SyncStatusLine canSyncNow={user.role === 'admin' || user.role === 'recruiter'} canDismissRefusals={user.role === 'admin'} />
          {/* Viewers only read results; the service's state is for those who run interviews. */}
          {user.role === 'admin' || user.role === 'recruiter' ? <AiServiceStatusLine canCheckAgain={user.role === 'admin'} /> : null}
          {user.role === 'admin' ? <WebhooksAttentionLine onOpen={() => setCurrent('webhooks')} /> : null}
        </>
      }
      wide
    >
      {/* Keyed so each section mounts afresh: its heading takes focus like a new screen. */}
      {current === 'interviews' && user.role !== 'candidate' ? <InterviewsSection key="interviews" role={user.role} listRequest={choices} /> : null}
      {current === 'ats-export' ? <AtsExportSection key="ats-export" /> : null}
      {current === 'resume-feedback' && user.role !== 'candidate' ? <ResumeFeedbackSection key="resume-feedback" role={user.role} /> : null}
      {current === 'follow-ups' ? (
        <div key="follow-ups">
          <ScreenHeading>Requests to follow up</ScreenHeading>
          <FollowUpRequests />
        </div>
      ) : null}
      {current === 'bias-report' ? <BiasReportSection key="bias-report" /> : null}
      {current === 'erasure' ? <ErasureSection key="erasure" /> : null}
      {current === 'staff-accounts' ? <StaffAccountsSection key="staff-accounts" currentUserId={user.id} /> : null}
      {current === 'devices' ? <DevicesSection key="devices" /> : null}
      {current === 'webhooks' ? <WebhooksSection key="webhooks" /> : null}
      {current === 'device-settings' ? <DeviceSettingsSection key="device-settings" /> : null}
      {current === 'self-check' ? <SelfCheckScreen key="self-check" showBankAudioProgress={user.role === 'admin'} /> : null}
      {current === 'self-check' && user.role === 'admin' ? <DiagnosticsPanel key="diagnostics" /> : null}
    </SignedInFrame>
  );
}
