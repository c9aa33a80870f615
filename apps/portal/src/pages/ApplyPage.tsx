import { useEffect, useRef, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { api, unwrap } from '../api/client';
import type { Draft, MyApplication } from '../api/types';
import { LoadFailed, Loading } from '../components/PageStates';
import { useLocale } from '../i18n/I18nProvider';

/** "Start your application": the person's application to this call if there is one, else a new draft. */
export default function ApplyPage() {
  const { callId = '' } = useParams();
  const { locale } = useLocale();
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return; // StrictMode runs effects twice: one draft, not two
    started.current = true;
    (async () => {
      const mine = (await unwrap<{ applications: MyApplication[] }>(api.GET('/api/applications'))).data.applications;
      const existing = mine.find((a) => a.callId === callId && a.status !== 'WITHDRAWN');
      if (existing) return setTarget(existing.id);
      const { data } = await unwrap<Draft>(
        api.POST('/api/calls/{callId}/applications/drafts', { params: { path: { callId } }, body: {} as never }),
      );
      setTarget(data.id);
    })().catch(setError);
  }, [callId, locale]);
  if (error) return <LoadFailed error={error} />;
  if (target) return <Navigate to={`/applications/${target}/edit`} replace />;
  return <Loading />;
}
