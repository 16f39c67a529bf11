import { ApiProperty } from '@nestjs/swagger';
import { CommitmentStatus } from '../generated/prisma/enums.js';

export type StatusCounts = Record<CommitmentStatus, number>;

/** Every status with a zero, so a breakdown always lists all six. */
export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(
    Object.values(CommitmentStatus).map((status) => [status, 0]),
  ) as StatusCounts;
}

/** Commitments per status (every status present, zeros included). */
export class StatusCountsDto implements StatusCounts {
  @ApiProperty() NOT_STARTED!: number;
  @ApiProperty() IN_PROGRESS!: number;
  @ApiProperty() STALLED!: number;
  @ApiProperty() PARTIALLY_FULFILLED!: number;
  @ApiProperty() FULFILLED!: number;
  @ApiProperty() BROKEN!: number;
}
