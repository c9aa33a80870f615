import { currentContext } from '@grants/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { referenceTaken } from '../calls.errors';
import { CreateCallDto } from '../dto/create-call.dto';
import { CallEntity } from '../entities/call.entity';

@Injectable()
export class CreateCallUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(dto: CreateCallDto): Promise<CallEntity> {
    const repo = this.ds.getRepository(CallEntity);
    if (await repo.exist({ where: { referenceCode: dto.referenceCode } })) throw referenceTaken(dto.referenceCode);
    const call = repo.create({
      id: randomUUID(),
      referenceCode: dto.referenceCode,
      kind: dto.kind,
      status: 'DRAFT',
      currency: dto.currency,
      budgetMinor: BigInt(dto.budgetMinor),
      opensAt: new Date(dto.opensAt),
      closesAt: new Date(dto.closesAt),
      timeZone: dto.timeZone,
      blindReview: dto.blindReview,
      defaultLanguage: dto.defaultLanguage,
      texts: dto.texts,
      version: 1,
      createdBy: currentContext()?.actorId ?? null,
      createdAt: new Date(),
      publishedAt: null,
    });
    return repo.save(call);
  }
}
