import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../../common/http/optional';
import { IsNotMoney } from '../../../common/http/validation';
import { ListingInputDto } from '../../listings/dto/listing-input.dto';
import { ListingDto } from '../../listings/dto/listing.dto';
import { NEED_ACTIONS, type NeedAction } from '../need.machine';
import { NEED_STATUSES, type NeedStatus } from '../need.entity';

export class CreateNeedDto extends ListingInputDto {
  @ApiProperty({ minimum: 1, maximum: 1000000, description: 'How much is needed, in `unit`.' })
  @IsInt() @Min(1) @Max(1_000_000)
  quantity: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Where the need is (default: the organisation\'s home district).' })
  @Optional() @IsUUID()
  districtId?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Gegenleistung: what the nonprofit gives back for it.', example: 'Dankeschön-Fest mit den Kindern und Ihr Logo auf unserer Website' })
  @Optional() @IsString() @MaxLength(2000) @IsNotMoney('text')
  giveBack?: string;
}

export class UpdateNeedDto extends PartialType(CreateNeedDto, { skipNullProperties: false }) {}

export class NeedDto extends ListingDto {
  @ApiProperty() quantity: number;
  @ApiProperty({ format: 'uuid' }) districtId: string;
  @ApiProperty({ description: 'Gegenleistung' }) giveBack: string;
  @ApiProperty({ enum: NEED_STATUSES }) status: NeedStatus;
}

export class NeedPageDto {
  @ApiProperty({ type: NeedDto, isArray: true }) items: NeedDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page.' }) nextCursor: string | null;
}
