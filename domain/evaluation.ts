/**
 * Target and completeness transitions of a unit: from what was recorded last time and the unit's
 * rollup now, the new state and the changes it makes. A change is reported once: only when the
 * state differs from the recorded one.
 */
import type { Transition } from '../schemas/events.ts';
import type { RollupResponse } from '../schemas/rollup.ts';

export interface EvaluationState {
  /** Per indicator with a target and a value: whether the unit meets it. */
  met: Record<string, boolean>;
  /** Whether every expected school reported. */
  completed: boolean;
}

export const NO_EVALUATION: EvaluationState = { met: {}, completed: false };

/** The state of a unit now and the transitions from `previous` to it (empty when nothing changed). */
export const evaluateTransitions = (
  previous: EvaluationState,
  rollup: Pick<RollupResponse, 'indicators' | 'completeness'>,
): EvaluationState & { transitions: Transition[]; changed: boolean } => {
  const met: Record<string, boolean> = {};
  const transitions: Transition[] = [];
  for (const [code, view] of Object.entries(rollup.indicators)) {
    if (view.met === undefined || view.met === null || !view.target) continue;
    met[code] = view.met;
    if (previous.met[code] === view.met) continue;
    transitions.push({
      type: view.met ? 'TargetMet' : 'TargetMissed',
      indicator: code,
      value: view.value,
      threshold: view.target.threshold,
      direction: view.target.direction,
      targetUnitId: view.target.unitId,
    });
  }
  const { expected, submitted } = rollup.completeness;
  const completed = expected > 0 && submitted >= expected;
  if (completed && !previous.completed) transitions.push({ type: 'UnitCompleted', expected });
  return { met, completed, transitions, changed: transitions.length > 0 || completed !== previous.completed };
};
