export function SubmitButton({ id, label, pendingLabel, pending }: { id?: string; label: string; pendingLabel: string; pending: boolean }) {
  return (
    <button id={id} type="submit" className="button button-primary" disabled={pending}>
      {pending ? pendingLabel : label}
    </button>
  );
}
