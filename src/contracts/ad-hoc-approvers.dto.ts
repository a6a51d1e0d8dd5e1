// The request to add an approver to a running contract (POST /api/contracts/:id/approvers).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CONTRACT_BOUNDS } from './contract.dto';

export class AddApproverDto {
  @ApiProperty({ format: 'uuid', description: 'The person to ask; they must hold a role that approves' })
  @IsUUID('all', { message: 'userId must be a user id (UUID)' })
  userId: string;

  @ApiProperty({ example: 'legal_review', description: "A step of the contract's chain not yet decided in this revision; the new step runs right after it" })
  @IsString()
  @IsNotEmpty({ message: 'stepAfter is required' })
  @MaxLength(100)
  stepAfter: string;

  @ApiProperty({ maxLength: CONTRACT_BOUNDS.commentMaxLength, example: 'Also ask Lena from legal: the liability cap is unusual' })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(CONTRACT_BOUNDS.commentMaxLength)
  reason: string;

  @ApiPropertyOptional({
    maxLength: 100,
    description: 'Client request id: the same id adds one step however often it is sent. Without it, the same approver, step and reason in the same revision add one step.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]{1,100}$/, { message: 'requestId must be 1-100 letters, digits, or . _ : -' })
  requestId?: string;
}
