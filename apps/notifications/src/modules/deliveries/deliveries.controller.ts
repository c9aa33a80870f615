import { Roles } from '@grants/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DataSource } from 'typeorm';

export class DeliveryQueryDto {
  @IsOptional() @IsString() @Length(1, 100) aggregateId?: string;
  @IsOptional() @IsUUID() recipientUserId?: string;
}

@Roles('ADMIN', 'PROGRAMME_OFFICER')
@Controller('notifications/deliveries')
export class DeliveriesController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  async list(@Query() q: DeliveryQueryDto) {
    const rows = await this.ds.query(
      `SELECT id, event_id AS "eventId", kind, aggregate_id AS "aggregateId", recipient_user_id AS "recipientUserId",
              status, language, subject, attempts, last_error AS "lastError", created_at AS "createdAt", sent_at AS "sentAt"
         FROM delivery
        WHERE ($1::text IS NULL OR aggregate_id = $1) AND ($2::uuid IS NULL OR recipient_user_id = $2)
        ORDER BY created_at, id LIMIT 500`,
      [q.aggregateId ?? null, q.recipientUserId ?? null],
    );
    return { deliveries: rows };
  }
}
