import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/errors';
import type { Draft, FieldProblem } from '../api/types';
import { patchOf, sameValues, valuesOf, type EssayValues } from './essayValues';
import { dropLocal, readLocal, writeLocal } from './localCopy';

export type SaveState = 'saved' | 'pending' | 'saving' | 'offline' | 'error' | 'conflict';

const AUTOSAVE_MS = 1200;
const etag = (version: number) => `"v${version}"`;

/**
 * A draft being edited: autosave after a pause, with the version it was edited from (If-Match),
 * so a change made in another tab is never overwritten silently (409 → `conflict`, and the person
 * chooses). Unsaved content stays in this tab and is sent again when the network comes back.
 */
export function useDraft(id: string) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [values, setValuesState] = useState<EssayValues | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [conflict, setConflict] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saveProblems, setSaveProblems] = useState<FieldProblem[]>([]);

  const server = useRef<Draft | null>(null);
  const current = useRef<EssayValues | null>(null);
  const unsaved = useRef(false);
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const inConflict = useRef(false);

  const adopt = useCallback((d: Draft) => {
    server.current = d;
    setDraft(d);
  }, []);

  const remember = useCallback(() => {
    if (server.current && current.current) writeLocal(id, { baseVersion: server.current.version, values: current.current, unsaved: unsaved.current });
  }, [id]);

  const save = useCallback(async (): Promise<void> => {
    if (saving.current) {
      await saving.current;
      if (!unsaved.current) return;
    }
    if (!server.current || !current.current || inConflict.current) return;
    const sent = current.current;
    const run = (async () => {
      setSaveState('saving');
      try {
        const { data } = await unwrap<Draft>(
          api.PATCH('/api/applications/{applicationId}/draft', {
            params: { path: { applicationId: id }, header: { 'If-Match': etag(server.current!.version) } } as never,
            body: patchOf(sent) as never,
          }),
        );
        adopt(data);
        setSaveProblems([]);
        unsaved.current = !sameValues(sent, current.current!);
        remember();
        setSaveState(unsaved.current ? 'pending' : 'saved');
      } catch (err) {
        if (err instanceof ApiError && err.code === 'APPLICATION.STALE_VERSION') {
          // Someone else saved first: fetch theirs and let the person choose.
          inConflict.current = true;
          try {
            const { data } = await unwrap<Draft>(api.GET('/api/applications/{applicationId}/draft', { params: { path: { applicationId: id } } }));
            setConflict(data);
          } catch {
            setConflict(server.current);
          }
          setSaveState('conflict');
        } else if (err instanceof ApiError && err.status === 0) {
          setSaveState('offline');
        } else {
          setSaveProblems(err instanceof ApiError ? err.problems : []);
          setSaveState('error');
        }
        remember();
      }
    })();
    saving.current = run;
    try {
      await run;
    } finally {
      saving.current = null;
    }
  }, [adopt, id, remember]);

  const schedule = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void save(), AUTOSAVE_MS);
  }, [save]);

  /** The person typed: keep it here at once, send it after a pause. */
  const setValues = useCallback(
    (next: EssayValues) => {
      current.current = next;
      setValuesState(next);
      unsaved.current = true;
      remember();
      if (!inConflict.current) {
        setSaveState((s) => (s === 'offline' ? s : 'pending'));
        schedule();
      }
    },
    [remember, schedule],
  );

  /** Sends what is unsaved now (before submitting). True when the server has it all. */
  const flush = useCallback(async (): Promise<boolean> => {
    window.clearTimeout(timer.current);
    if (unsaved.current) await save();
    else if (saving.current) await saving.current;
    return !unsaved.current && !inConflict.current;
  }, [save]);

  /** Conflict: write my version over theirs (the person chose it, knowing). */
  const keepMine = useCallback(async () => {
    if (!conflict) return;
    adopt(conflict);
    inConflict.current = false;
    setConflict(null);
    unsaved.current = true;
    await save();
  }, [adopt, conflict, save]);

  /** Conflict: drop my changes and continue from theirs. */
  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    adopt(conflict);
    const v = valuesOf(conflict);
    current.current = v;
    setValuesState(v);
    unsaved.current = false;
    inConflict.current = false;
    setConflict(null);
    remember();
    setSaveState('saved');
  }, [adopt, conflict, remember]);

  /** After our own non-draft writes (consent, files): take the server's view, keep what is typed. */
  const refreshFromServer = useCallback(async () => {
    const { data } = await unwrap<Draft>(api.GET('/api/applications/{applicationId}/draft', { params: { path: { applicationId: id } } }));
    if (!unsaved.current) {
      adopt(data);
      const v = valuesOf(data);
      current.current = v;
      setValuesState(v);
    } else if (data.version === server.current?.version) {
      adopt(data);
    }
    return data;
  }, [adopt, id]);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const { data } = await unwrap<Draft>(api.GET('/api/applications/{applicationId}/draft', { params: { path: { applicationId: id } } }));
        if (!live) return;
        adopt(data);
        const local = readLocal<EssayValues>(id);
        if (local?.unsaved) {
          current.current = local.values;
          setValuesState(local.values);
          unsaved.current = true;
          if (local.baseVersion === data.version) {
            setSaveState('pending');
            schedule();
          } else {
            // Edited here from an older version than the server's: the person chooses.
            server.current = { ...data, version: local.baseVersion };
            inConflict.current = true;
            setConflict(data);
            setSaveState('conflict');
          }
        } else {
          const v = valuesOf(data);
          current.current = v;
          setValuesState(v);
        }
      } catch (err) {
        if (live) setLoadError(err);
      }
    })();
    const online = () => {
      if (unsaved.current && !inConflict.current) void save();
    };
    window.addEventListener('online', online);
    return () => {
      live = false;
      window.removeEventListener('online', online);
      window.clearTimeout(timer.current);
    };
  }, [adopt, id, save, schedule]);

  const forget = useCallback(() => dropLocal(id), [id]);

  return { draft, values, setValues, saveState, conflict, keepMine, takeTheirs, flush, save, loadError, saveProblems, refreshFromServer, forget, adopt };
}
