import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StaffMember } from '../../src/auth/staff-member.js';
import { CommitmentWriter } from '../../src/commitments/commitment-writer.js';
import { CommitmentsService } from '../../src/commitments/commitments.service.js';
import type { CommitmentDto } from '../../src/commitments/dto/commitment.dto.js';
import { DEFAULT_LANGUAGE } from '../../src/common/languages.js';
import type { CommitmentStatus } from '../../src/generated/prisma/enums.js';
import { createMediumContext, type MediumContext } from './medium-context.js';

const EVENT = 'kr-cn-strategic-dialogue-2021-12-23';

/**
 * The search terms (search_terms migration) are the commitments' search vectors, one row per
 * lexeme with its ts_rank, kept by triggers; a one-word search reads its order from them.
 */
describe('search terms (against the database, no HTTP)', () => {
  let m: MediumContext;
  let writer: CommitmentWriter;
  let commitments: CommitmentsService;
  let editor: StaffMember;

  beforeAll(async () => {
    m = await createMediumContext();
    writer = m.get(CommitmentWriter);
    commitments = m.get(CommitmentsService);
    editor = await m.staff();
  });
  afterAll(() => m.close());

  const create = (title: string, summary?: string): Promise<CommitmentDto> =>
    writer.create(editor, {
      title,
      summary,
      event: EVENT,
      parties: [{ code: 'KR' }],
      themes: ['supply-chain-security'],
      madeOn: '2021-12-23',
    });

  /** Term rows that differ from what the commitments' vectors say, either way. */
  const drift = async (): Promise<number> => {
    const [{ n }] = await m.prisma.$queryRaw<{ n: number }[]>`
      WITH expected AS (
        SELECT c.id, v.lexeme AS term, ts_rank(c.search_vector, term_query(v.lexeme)) AS rank
        FROM commitment c, unnest(c.search_vector) v
      )
      SELECT count(*)::int AS n FROM expected e
      FULL JOIN commitment_search_term s ON s.commitment_id = e.id AND s.term = e.term
      WHERE s.rank IS DISTINCT FROM e.rank`;
    return n;
  };

  const termsOf = async (id: string): Promise<string[]> =>
    (
      await m.prisma.commitmentSearchTerm.findMany({
        where: { commitmentId: id },
        orderBy: { term: 'asc' },
      })
    ).map((row) => row.term);

  it('holds every lexeme of every vector with its rank, through creates, edits and deletes', async () => {
    expect(await drift()).toBe(0);
    const created = await create('Harbour dredging accord', 'Dredging of the harbour.');
    expect(await termsOf(created.id)).toEqual(['accord', 'dredg', 'harbour']);
    await writer.edit(editor, created.id, created.version, { title: 'Canal dredging accord' });
    expect(await termsOf(created.id)).toEqual(['accord', 'canal', 'dredg', 'harbour']);
    await writer.edit(editor, created.id, created.version + 1, { summary: null });
    expect(await termsOf(created.id)).toEqual(['accord', 'canal', 'dredg']);
    expect(await drift()).toBe(0);
    await m.prisma.commitment.delete({ where: { id: created.id } });
    expect(await termsOf(created.id)).toEqual([]);
    expect(await drift()).toBe(0);
  });

  it.each(["o'brien", 'back\\slash', "''", 'a:b', 'two words', '한국'])(
    'reads back the lexeme %j from its one-word query',
    async (lexeme) => {
      const [{ term }] = await m.prisma.$queryRaw<{ term: string }[]>`
        SELECT search_term(term_query(${lexeme})) AS term`;
      expect(term).toBe(lexeme);
    },
  );

  it.each(["'climat':*", "'climat':A", "'supply' & 'chain'", "!'climat'", "'a' <-> 'b'"])(
    'ranks %s at query time: not one bare lexeme',
    async (query) => {
      const [{ term }] = await m.prisma.$queryRaw<{ term: string | null }[]>`
        SELECT search_term(${query}::tsquery) AS term`;
      expect(term).toBeNull();
    },
  );

  /** Every page of a search, walked by its cursors. */
  async function walk(q: string, status?: CommitmentStatus[]): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await commitments.list({ q, status, limit: 2, cursor }, DEFAULT_LANGUAGE);
      ids.push(...page.data.map((row) => row.id));
      cursor = page.page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  /** The order of ranking every match at query time (what the search terms replace). */
  const rankedHere = async (q: string, status?: CommitmentStatus[]): Promise<string[]> =>
    (
      await m.prisma.$queryRaw<{ id: string; status: CommitmentStatus }[]>`
        SELECT c.id, c.status FROM commitment c
        WHERE c.archived = false AND c.search_vector @@ search_tsquery(${q})
        ORDER BY ts_rank(c.search_vector, search_tsquery(${q})) DESC, c.id DESC`
    )
      .filter((row) => !status || status.includes(row.status))
      .map((row) => row.id);

  it.each([
    ['one word, many ties', 'cooperation', undefined],
    ['one word and statuses', 'cooperation', ['NOT_STARTED', 'IN_PROGRESS']],
    ['two words (ranked at query time)', 'supply chain', undefined],
  ] as const)(
    'pages a search in the order of ranking every match: %s',
    async (_name, q, status) => {
      for (let copy = 0; copy < 3; copy++) await create('Cooperation on cooperation');
      const expected = await rankedHere(q, status && [...status]);
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(await walk(q, status && [...status])).toEqual(expected);
    },
  );
});
