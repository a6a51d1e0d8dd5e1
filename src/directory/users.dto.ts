// Requests and answers of /api/users: the directory entry, the caller's own profile with their
// out-of-office period and language, and the two changes a user may make to it.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { IsIsoInstant, MAX_YEAR, MIN_YEAR } from '../common/validators';
import { type Role, ROLES } from '../domain/chain/policy.types';
import { LOCALES, type Locale } from './locale';

// Stored as timestamptz straight from the request: an offset is required, since PostgreSQL would
// otherwise read the time in its session's zone.
const INSTANT_FORM = `an ISO 8601 timestamp with Z or an offset (e.g. 2026-11-25T09:00:00+08:00), a real date and time between ${MIN_YEAR} and ${MAX_YEAR}`;

export class OutOfOfficeDto {
  @ApiProperty({ format: 'date-time', description: `${INSTANT_FORM}` })
  @IsIsoInstant({ offsetRequired: true }, { message: `from must be ${INSTANT_FORM}` })
  from: string;

  @ApiProperty({ format: 'date-time', description: `${INSTANT_FORM}; after from` })
  @IsIsoInstant({ offsetRequired: true }, { message: `to must be ${INSTANT_FORM}` })
  to: string;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all', { message: 'delegateUserId must be a user id (UUID)' }) delegateUserId?: string;
}

/** At most this many ids per directory look-up. */
export const MAX_USER_IDS = 100;

export class UsersQuery {
  @ApiPropertyOptional({
    type: [String],
    description: `Only these users (ids, comma-separated or repeated; at most ${MAX_USER_IDS}): look people up by id instead of loading the directory`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean))
  @ArrayMaxSize(MAX_USER_IDS, { message: `ids must name at most ${MAX_USER_IDS} users` })
  @IsUUID('all', { each: true, message: 'ids must be user ids (UUIDs)' })
  ids?: string[];

  @ApiPropertyOptional({ enum: ROLES, description: 'Only users holding this role (e.g. the colleagues a task may be delegated to)' })
  @IsOptional()
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
}

export class UpdateMeDto {
  @ApiProperty({ enum: LOCALES, nullable: true, description: "The caller's language; null returns to the organisation's default" })
  // Required: a body without it changes nothing and is a client mistake. null is a choice.
  @ValidateIf((_, v) => v !== null)
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')} (or null for the organisation's default)` })
  locale: Locale | null;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) managerId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'IANA time zone; null: the organisation’s' }) timeZone: string | null;
}

export class OutOfOfficeView {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) delegateUserId: string | null;
}

export class MeView extends UserView {
  @ApiProperty({ type: OutOfOfficeView, nullable: true }) outOfOffice: OutOfOfficeView | null;
  @ApiProperty({ enum: LOCALES, nullable: true, description: "The user's own choice; null: the organisation's default" }) locale: Locale | null;
  @ApiProperty({ enum: LOCALES, description: 'The language Greenlight addresses this user in: locale, else the organisation’s default' }) effectiveLocale: Locale;
}
