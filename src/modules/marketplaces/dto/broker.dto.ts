import { ApiProperty } from '@nestjs/swagger';
import { EX_ID, EX_NAME, EX_TIME } from '../../../common/examples';

export class BrokerAppointerDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.organiser }) id: string;
  @ApiProperty({ example: EX_NAME.organiser }) displayName: string;
}

/** A broker (Makler) of a marketplace, as its organisers see them. */
export class BrokerDto {
  @ApiProperty({ format: 'uuid', example: EX_ID.marketplace }) marketplaceId: string;
  @ApiProperty({ format: 'uuid', example: EX_ID.broker }) userId: string;
  @ApiProperty({ example: EX_NAME.broker }) displayName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: "The broker's organisation, if any (a broker need not belong to one)." })
  organisationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) organisationName: string | null;
  @ApiProperty({ type: BrokerAppointerDto, nullable: true, description: 'Who appointed the broker (null when that user was deleted).' })
  appointedBy: BrokerAppointerDto | null;
  @ApiProperty({ type: String, format: 'date-time', example: EX_TIME.brokerAppointed }) appointedAt: Date;
}

export class BrokerListDto {
  @ApiProperty({ type: [BrokerDto], description: 'In the order they were appointed.' }) items: BrokerDto[];
}
