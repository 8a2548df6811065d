/** "Sends automatically in 3 h 12 min"; rounded up so it never says 0 min while time is left. */
export function autoSendLabel(autoSendAt: string, now: number): string {
  const ms = Date.parse(autoSendAt) - now;
  if (!(ms > 0)) return 'Sending now';
  const totalMinutes = Math.ceil(ms / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  const parts = [hours > 0 ? `${hours} h` : null, minutes > 0 ? `${minutes} min` : null].filter(Boolean);
  return `Sends automatically in ${parts.join(' ')}`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
