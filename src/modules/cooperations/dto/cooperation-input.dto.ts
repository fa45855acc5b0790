import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { EX_ID, EX_TEXT } from '../../../common/examples';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A proposal (Kooperationsvorschlag, UPJ step 5). Name the need and/or the offer, or a match
 * (which names both). The parties follow from them: the need's organisation is the nonprofit,
 * the offer's the company; the caller's organisation is the sender and must be one of them.
 */
export class CreateCooperationDto {
  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.need, description: 'The need (Bedarf) the proposal is about. A company may propose on a need alone.' })
  @IsOptional() @IsUUID()
  needId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.offer, description: 'The offer (Angebot). A nonprofit may ask about an offer alone.' })
  @IsOptional() @IsUUID()
  offerId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: EX_ID.match, description: 'A match: names its need and offer (needId/offerId, if also sent, must agree).' })
  @IsOptional() @IsUUID('loose') // match ids are derived from the pair (md5), without RFC 4122 version bits
  matchId?: string;

  @ApiProperty({ minLength: 10, maxLength: 5000, example: EX_TEXT.proposal, description: 'The Anschreiben.' })
  @Transform(trim) @IsString() @Length(10, 5000)
  message: string;
}

/** Declining or cancelling: the other side is told why. */
export class CooperationReasonDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, example: 'Leider fehlen uns im Frühjahr die Kapazitäten.' })
  @Transform(trim) @IsString() @Length(3, 2000)
  reason: string;
}

/** Accepting, starting, completing: an optional note for the history. */
export class CooperationNoteDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Wir starten am Samstag, 6. März, um 9 Uhr am Römerkastell.', description: 'Recorded in the history.' })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 2000)
  note?: string;
}
