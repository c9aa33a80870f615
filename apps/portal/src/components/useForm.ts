import { useState } from 'react';
import { problemsOf } from './errors';
import type { FieldProblem } from '../api/types';

/**
 * A form's refusal state: the error (an ApiError, or nothing) and its field problems, whether the
 * browser found them (instant hints) or the service did (the rules it alone decides).
 */
export function useFormErrors() {
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  return {
    error,
    problems,
    clear() {
      setError(null);
      setProblems([]);
    },
    local(list: FieldProblem[]) {
      setError(null);
      setProblems(list);
      return list.length > 0;
    },
    fail(err: unknown) {
      setError(err);
      setProblems(problemsOf(err));
    },
  };
}

/** Instant hints before sending: the service checks the same and more. */
export function required(values: Record<string, string>, fields: string[]): FieldProblem[] {
  return fields.filter((f) => !values[f]?.trim()).map((f) => ({ field: f, reason: 'required', code: 'REQUIRED' }));
}

export const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
