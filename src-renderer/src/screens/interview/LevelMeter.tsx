import { levelWord, type LevelWord } from '../../voice/level';

const words: Record<LevelWord, string> = {
  silent: 'no sound',
  quiet: 'quiet',
  good: 'good',
  loud: 'loud',
};

/**
 * The live microphone level. Not a live region (it changes ten times a
 * second); the value and its word are in the meter's accessible value and
 * on screen, and the check announces once when it first hears sound.
 */
export function LevelMeter({ id, percent }: { id: string; percent: number }) {
  const word = words[levelWord(percent)];
  return (
    <div className="level">
      <p id={`${id}-label`} className="level-label">
        Microphone level: <span className="level-word">{word}</span>
      </p>
      <div
        id={id}
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} out of 100, ${word}`}
        className="level-track"
        data-level={percent}
      >
        <div className={`level-bar level-${levelWord(percent)}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
