import { referenceWritesController } from '../reference-data/reference-writes.controller.js';
import { PARTIES } from './party-kind.js';
import { CreatePartyDto, UpdatePartyDto } from './dto/party-write.dto.js';
import { PartyDto } from './dto/party.dto.js';

export class PartyWritesController extends referenceWritesController({
  kind: PARTIES,
  path: 'parties',
  keyName: 'code',
  keyOf: (body) => body.code,
  createDto: CreatePartyDto,
  updateDto: UpdatePartyDto,
  responseDto: PartyDto,
}) {}
