import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { Draft, FieldProblem } from '../../api/types';
import type { SaveState } from '../useDraft';
import { sameJson, type Patch } from './kindValues';

const AUTOSAVE_MS = 1200;
const etag = (version: number) => `"v${version}"`;
// Not the essay form's key: each form keeps its own shape of unsaved values in this tab.
const localKey = (id: string) => `portal.kindDraft.${id}`;

interface Local<V> {
  baseVersion: number;
  values: V;
}

function readLocal<V>(id: string): Local<V> | null {
  try {
    const raw = window.sessionStorage.getItem(localKey(id));
    return raw ? (JSON.parse(raw) as Local<V>) : null;
  } catch {
    return null;
  }
}
function writeLocal<V>(id: string, l: Local<V> | null) {
  try {
    if (l) window.sessionStorage.setItem(localKey(id), JSON.stringify(l));
    else window.sessionStorage.removeItem(localKey(id));
  } catch {
    // Storage full or off: autosave still works while online.
  }
}

/**
 * A draft of an organisation's form (MAKERS, NGO), autosaved like the essay: after a pause, with
 * If-Match on the version it was edited from, so a change from another tab is never overwritten
 * silently (409 → `conflict`, the person chooses). Values not yet on the server stay in this tab.
 * `patchOf` leaves out what cannot be sent yet (an amount still being typed).
 */
export function useFormDraft<V>(id: string, initial: Draft, valuesOf: (d: Draft) => V, patchOf: (v: V) => Patch) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [values, setValuesState] = useState<V>(() => {
    const local = readLocal<V>(id);
    return local && local.baseVersion === initial.version ? local.values : valuesOf(initial);
  });
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [conflict, setConflict] = useState<Draft | null>(null);
  const [saveProblems, setSaveProblems] = useState<FieldProblem[]>([]);
  const server = useRef(initial);
  const current = useRef(values);
  const sentPatch = useRef<string>(JSON.stringify(patchOf(valuesOf(initial))));
  const saving = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const inConflict = useRef(false);
  const patchRef = useRef(patchOf);
  patchRef.current = patchOf;

  const unsaved = () => JSON.stringify(patchRef.current(current.current)) !== sentPatch.current;

  const save = useCallback(async (): Promise<void> => {
    if (saving.current) await saving.current;
    if (inConflict.current || !unsaved()) {
      if (!inConflict.current) setSaveState('saved');
      return;
    }
    const body = patchRef.current(current.current);
    const run = (async () => {
      setSaveState('saving');
      try {
        const { data } = await unwrap<Draft>(
          api.PATCH('/api/applications/{applicationId}/draft', {
            params: { path: { applicationId: id }, header: { 'If-Match': etag(server.current.version) } } as never,
            body: body as never,
          }),
        );
        server.current = data;
        setDraft(data);
        sentPatch.current = JSON.stringify(body);
        setSaveProblems([]);
        const more = unsaved();
        writeLocal(id, more ? { baseVersion: data.version, values: current.current } : null);
        setSaveState(more ? 'pending' : 'saved');
      } catch (err) {
        if (err instanceof ApiError && err.code === 'APPLICATION.STALE_VERSION') {
          inConflict.current = true;
          try {
            setConflict((await unwrap<Draft>(api.GET('/api/applications/{applicationId}/draft', { params: { path: { applicationId: id } } }))).data);
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
      }
    })();
    saving.current = run;
    try {
      await run;
    } finally {
      saving.current = null;
    }
  }, [id]);

  const setValues = useCallback(
    (next: V) => {
      current.current = next;
      setValuesState(next);
      writeLocal(id, { baseVersion: server.current.version, values: next });
      if (inConflict.current) return;
      window.clearTimeout(timer.current);
      if (!unsaved()) return;
      setSaveState((s) => (s === 'offline' ? s : 'pending'));
      timer.current = window.setTimeout(() => void save(), AUTOSAVE_MS);
    },
    [id, save],
  );

  /** Sends what is unsaved now (before submitting). True when the server has it all. */
  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    await save();
    return !inConflict.current && !unsaved();
  }, [save]);

  const keepMine = useCallback(async () => {
    if (!conflict) return;
    server.current = conflict;
    setDraft(conflict);
    inConflict.current = false;
    setConflict(null);
    sentPatch.current = '';
    await save();
  }, [conflict, save]);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    server.current = conflict;
    setDraft(conflict);
    const v = valuesOf(conflict);
    current.current = v;
    setValuesState(v);
    sentPatch.current = JSON.stringify(patchRef.current(v));
    inConflict.current = false;
    setConflict(null);
    writeLocal(id, null);
    setSaveState('saved');
  }, [conflict, id, valuesOf]);

  /** After our own other writes (files): the server's view, keeping what is typed. */
  const refreshFromServer = useCallback(async () => {
    const { data } = await unwrap<Draft>(api.GET('/api/applications/{applicationId}/draft', { params: { path: { applicationId: id } } }));
    if (data.version === server.current.version || !unsaved()) {
      server.current = data;
      setDraft(data);
    }
    return data;
  }, [id]);

  useEffect(() => {
    // Values restored from this tab and not yet on the server: send them.
    if (unsaved()) {
      setSaveState('pending');
      timer.current = window.setTimeout(() => void save(), AUTOSAVE_MS);
    }
    const online = () => {
      if (!inConflict.current && unsaved()) void save();
    };
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      window.clearTimeout(timer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [save]);

  const forget = useCallback(() => writeLocal(id, null), [id]);
  return { draft, values, setValues, saveState, conflict, keepMine, takeTheirs, flush, save, saveProblems, refreshFromServer, forget, same: sameJson };
}
