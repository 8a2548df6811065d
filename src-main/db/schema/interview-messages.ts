import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jsonText } from '../json-column';
import { audioMetadataSchema, messageMetadataSchema } from '../json-schemas';
import { oneOf, rowVersionCheck, syncColumns } from './columns';
import { messageTypes } from './enums';
import { interviewSessions } from './interview-sessions';
import { interviews } from './interviews';

export const interviewMessages = sqliteTable(
  'interview_messages',
  {
    ...syncColumns(),
    interviewId: text('interview_id')
      .notNull()
      .references(() => interviews.id, { onDelete: 'cascade' }),
    sessionId: text('session_id')
      .notNull()
      .references(() => interviewSessions.id, { onDelete: 'cascade' }),
    sequenceNumber: integer('sequence_number').notNull(),
    messageType: text('message_type', { enum: messageTypes }).notNull(),
    contentText: text('content_text').notNull(),
    contentAudioUrl: text('content_audio_url'),
    audioDurationSeconds: integer('audio_duration_seconds'),
    audioMetadata: jsonText('interview_messages', 'audio_metadata', audioMetadataSchema),
    responseTimeSeconds: integer('response_time_seconds'),
    metadata: jsonText('interview_messages', 'metadata', messageMetadataSchema),
  },
  (t) => [
    index('idx_interview_messages_interview_id').on(t.interviewId),
    index('idx_interview_messages_session_id').on(t.sessionId),
    index('idx_interview_messages_sequence').on(t.interviewId, t.sequenceNumber),
    check('interview_messages_message_type_check', oneOf('message_type', messageTypes)),
    check('interview_messages_sequence_number_check', sql.raw('"sequence_number" >= 1')),
    rowVersionCheck('interview_messages'),
  ],
);
