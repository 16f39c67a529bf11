import type { FieldError } from '../../common/problem-details.js';
import { lockLiveReferences } from '../../common/reference-locks.js';
import { validationProblem } from '../../common/validation.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { PartyRole } from '../../generated/prisma/enums.js';
import type { PartyRefDto } from './dto/commitment-write.dto.js';

export interface ResolvedReferences {
  eventId?: string;
  parties?: { partyId: string; role: PartyRole }[];
  themeIds?: string[];
}

interface References {
  event?: string;
  parties?: PartyRefDto[];
  themes?: string[];
}

const unknown = (field: string, kind: string, keys: string[]): FieldError => ({
  field,
  messages: [`unknown ${kind}: ${keys.join(', ')}`],
});

/**
 * Turns the event slug, party codes and theme slugs of a commitment body into ids (three queries
 * at most); every unknown or archived one is a 400 naming it. The rows stay locked against
 * archiving until the transaction ends (see lockLiveReferences).
 */
export async function resolveReferences(
  tx: Prisma.TransactionClient,
  body: References,
): Promise<ResolvedReferences> {
  // One after another: queries of one transaction share its connection.
  const [event] =
    body.event === undefined ? [] : await lockLiveReferences(tx, 'event', [body.event], 'attach');
  const parties =
    body.parties &&
    (await lockLiveReferences(
      tx,
      'party',
      body.parties.map((p) => p.code),
      'attach',
    ));
  const themes = body.themes && (await lockLiveReferences(tx, 'theme', body.themes, 'attach'));
  const errors: FieldError[] = [];
  if (body.event !== undefined && !event) errors.push(unknown('event', 'event', [body.event]));
  const partyIds = new Map(parties?.map((p) => [p.key, p.id]));
  const missingParties = body.parties?.filter((p) => !partyIds.has(p.code)).map((p) => p.code);
  if (missingParties?.length) errors.push(unknown('parties', 'party code', missingParties));
  if (body.parties && new Set(body.parties.map((p) => p.code)).size < body.parties.length) {
    errors.push({ field: 'parties', messages: ['a party may appear only once'] });
  }
  const foundThemes = new Set(themes?.map((t) => t.key));
  const missingThemes = body.themes?.filter((slug) => !foundThemes.has(slug));
  if (missingThemes?.length) errors.push(unknown('themes', 'theme', missingThemes));
  if (errors.length) throw validationProblem(errors);
  return {
    eventId: event?.id,
    parties: body.parties?.map((p) => ({
      partyId: partyIds.get(p.code)!,
      role: p.role ?? PartyRole.PLEDGING,
    })),
    themeIds: themes?.map((t) => t.id),
  };
}
