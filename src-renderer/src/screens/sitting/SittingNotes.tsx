import { useState, type FormEvent } from 'react';
import { noteTextSchema, type SittingNote, type SittingView } from '../../../../shared/domain/proctoring';
import type { ProctorSittingView } from '../../../../shared/domain/sitting-events';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { SubmitButton } from '../../components/SubmitButton';
import { useFocusRequest } from '../../hooks/useFocusRequest';
import { formatDateTime } from '../staff/review/format';
import { NoteField } from './NoteField';
import { useSittingAction } from './useSittingAction';

interface SittingNotesProps {
  sitting: SittingView;
  onChanged: (sitting: ProctorSittingView) => void;
}

/** The proctor's incident notes, oldest first (kept with the sitting and its interview), and a form to add one. */
export function SittingNotes({ sitting, onChanged }: SittingNotesProps) {
  return (
    <section aria-labelledby="sitting-notes-title" className="sitting-section">
      <h3 id="sitting-notes-title">Notes</h3>
      <SittingNoteList notes={sitting.notes} empty="No notes yet." />
      <AddNoteForm onChanged={onChanged} />
    </section>
  );
}

/** A sitting's notes, oldest first, each with when and by whom; `empty` says there are none. */
export function SittingNoteList({ notes, empty }: { notes: readonly SittingNote[]; empty: string }) {
  if (notes.length === 0) return <p>{empty}</p>;
  return (
    <ul className="sitting-notes">
      {notes.map((note, index) => (
        <li key={`${note.at}-${index}`}>
          <p className="sitting-note-meta">
            {formatDateTime(note.at)}, {note.proctorName}
          </p>
          <p className="sitting-note-text">{note.text}</p>
        </li>
      ))}
    </ul>
  );
}

const NOTE_FIELD = 'sitting-note';

function AddNoteForm({ onChanged }: { onChanged: (sitting: ProctorSittingView) => void }) {
  const { pending, failure, setFailure, act } = useSittingAction(onChanged);
  const focus = useFocusRequest();
  const [text, setText] = useState('');
  const [added, setAdded] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const parsed = noteTextSchema.safeParse(text);
    if (!parsed.success) {
      setFailure({ code: 'client', message: null, fields: { text: parsed.error.issues[0]?.message ?? 'Write the note first.' } });
      focus(NOTE_FIELD);
      return;
    }
    void act('sitting.addNote', { text: parsed.data }, () => {
      setText('');
      setAdded('Note added.');
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Add a note">
      <FormAlert id="sitting-note-alert" message={failure.message} />
      <StatusMessage message={added} />
      <NoteField
        id={NOTE_FIELD}
        label="New note"
        hint="What happened. It is kept with this sitting and the candidate’s interview."
        value={text}
        onChange={setText}
        error={failure.fields.text}
      />
      <div className="actions">
        <SubmitButton label="Add note" pendingLabel="Adding note…" pending={pending} />
      </div>
    </form>
  );
}
