import type { Draft, PublicCall } from '../../api/types';
import { Loading } from '../../components/PageStates';
import { LocalInitiativeForm } from './LocalInitiativeForm';
import { NgoGrantForm } from './NgoGrantForm';

/** The form of a call that is not an essay contest, chosen by the call's kind. */
export function KindDraftForm({ draft, call }: { draft: Draft; call: PublicCall | null | undefined }) {
  if (!call) return <Loading />;
  return draft.call.kind === 'LOCAL_INITIATIVE_COFUNDING' ? <LocalInitiativeForm initial={draft} call={call} /> : <NgoGrantForm initial={draft} call={call} />;
}
