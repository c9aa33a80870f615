import { formatHundredths, SelectionResult } from '../evaluation-domain';
import { plain, Proposal } from '../workflow/results.service';

/** The proposal as the officer reads it: references and scores (no identity), the rules' reasons. */
export function proposalView(callId: string, status: string, p: Proposal, references: ReadonlyMap<string, string>) {
  return {
    callId,
    status,
    proposedAt: p.proposedAt,
    ranking: p.ranking.map((r) => ({ ...r, applicationId: r.entryId, finalScore: formatHundredths(r.finalHundredths) })),
    ties: p.ties,
    proposed: selectionView(p.proposed, references),
    selection: selectionView(p.selection, references),
    override: p.override,
  };
}

export function selectionView(s: SelectionResult, references: ReadonlyMap<string, string>) {
  const ref = (id: string) => references.get(id) ?? null;
  const v = plain(s) as Record<string, any>;
  return {
    ...v,
    awards: v.awards.map((a: any) => ({ ...a, applicationId: a.entryId, reference: ref(a.entryId) })),
    reserve: v.reserve.map((r: any) => ({ ...r, applicationId: r.entryId, reference: ref(r.entryId) })),
    skipped: v.skipped.map((r: any) => ({ ...r, applicationId: r.entryId, reference: ref(r.entryId) })),
  };
}
