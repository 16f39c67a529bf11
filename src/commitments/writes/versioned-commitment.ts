import { ProblemException } from '../../common/problem-details.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { toCommitmentDto } from '../commitment.mapper.js';
import { COMMITMENT_INCLUDE, type CommitmentRow } from '../commitments.repository.js';
import type { CommitmentDto } from '../dto/commitment.dto.js';

type Tx = Prisma.TransactionClient;

export async function findLiveCommitment(tx: Tx, id: string): Promise<CommitmentRow> {
  const row = await tx.commitment.findFirst({
    where: { id, archived: false },
    include: COMMITMENT_INCLUDE,
  });
  if (!row) throw new ProblemException(404, `No commitment with id "${id}".`);
  return row;
}

export async function commitmentSnapshot(tx: Tx, id: string): Promise<CommitmentDto> {
  return toCommitmentDto(
    await tx.commitment.findUniqueOrThrow({ where: { id }, include: COMMITMENT_INCLUDE }),
  );
}

function staleVersion(): ProblemException {
  return new ProblemException(
    412,
    'The commitment has changed since you read it (If-Match does not match its ETag); read it again.',
  );
}

/**
 * Claims the next version of a commitment for this transaction: a conditional
 * `UPDATE … SET version = version + 1 WHERE id = $1 AND version = $2`. Of concurrent writers that
 * read the same version exactly one matches; the others wait for its row lock, find the version
 * moved and get 412, so their transaction (and anything it wrote) rolls back. Returns the
 * commitment as it was before, which is exact: the version changes with every write.
 */
export async function claimCommitmentVersion(
  tx: Tx,
  id: string,
  expectedVersion: number,
  changes: Prisma.CommitmentUncheckedUpdateManyInput = {},
): Promise<CommitmentRow> {
  const before = await findLiveCommitment(tx, id);
  if (before.version !== expectedVersion) throw staleVersion();
  const { count } = await tx.commitment.updateMany({
    where: { id, version: expectedVersion, archived: false },
    data: { ...changes, version: { increment: 1 } },
  });
  if (count === 0) throw staleVersion();
  return before;
}

/**
 * Every commitment a changed event, party, theme or evidence row shows up in gets a new version,
 * so public ETags (the version) never hide the change.
 */
export async function bumpCommitmentVersions(
  tx: Tx,
  where: Prisma.CommitmentWhereInput,
): Promise<void> {
  await tx.commitment.updateMany({ where, data: { version: { increment: 1 } } });
}
