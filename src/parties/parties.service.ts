import { Injectable } from '@nestjs/common';
import type { PartyDto } from './dto/party.dto.js';
import { PartiesRepository } from './parties.repository.js';

@Injectable()
export class PartiesService {
  constructor(private readonly parties: PartiesRepository) {}

  listPublic(): Promise<PartyDto[]> {
    return this.parties.listPublic();
  }
}
