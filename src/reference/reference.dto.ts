// Answers of the reference endpoints, typed for the OpenAPI document (the web app's client is
// generated from it).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProductView {
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty() listPrice: number;
  @ApiProperty() floorPrice: number;
  @ApiProperty() taxRatePercent: number;
  @ApiProperty() leadTimeDays: number;
}

export class CustomerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() registrationNumber: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2' }) country: string;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) creditLimit?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) outstandingBalance?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) maxOverdueDays?: number;
  @ApiPropertyOptional({ description: 'Only for the roles that see customer risk' }) deniedParty?: boolean;
}
