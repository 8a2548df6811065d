/*
 * What the candidate is told, in words main and the interview screen both
 * use: main may send them as an error, the screen shows them itself when it
 * already knows (a turn that was not understood, an abandoned interview).
 */

export const ANSWER_NOT_HEARD = 'Sorry, we could not make out your answer. Please answer the question again.';

export const INTERVIEW_ABANDONED = 'This interview was closed because nothing happened for 30 minutes. Please ask a member of staff for help.';

/** The practice question (an accommodation): the same for everyone, about nothing technical, and never scored. */
export const PRACTICE_QUESTION =
  'This is a practice question, and nothing you answer is kept. Tell me about something you enjoyed learning recently, and why you enjoyed it.';
