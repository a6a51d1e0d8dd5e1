// The caller's own profile and out-of-office period, and the directory approvers delegate within.
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { SLIM_POLICY } from '../domain/chain/slim.policy';
import { delegateRoleRefusal, rolesToCover } from '../domain/routing/delegation-eligibility';
import { AppError } from '../common/app-error';
import { validationFailed } from '../common/validation';
import { IsIsoInstant, MAX_YEAR, MIN_YEAR } from '../common/validators';
import { type AuthUser, CurrentUser } from './auth';

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

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly db: DataSource) {}

  @Get()
  async list() {
    const rows = await this.db.query(`SELECT id, username, display_name, email, roles, title, manager_id, time_zone FROM users ORDER BY username`);
    return rows.map(userView);
  }

  @Get('me')
  async me(@CurrentUser() user: AuthUser) {
    const [row] = await this.db.query(`SELECT * FROM users WHERE id = $1`, [user.id]);
    return { ...userView(row), outOfOffice: row.ooo_from ? { from: row.ooo_from, to: row.ooo_to, delegateUserId: row.ooo_delegate_id } : null };
  }

  @Put('me/out-of-office')
  async outOfOffice(@CurrentUser() user: AuthUser, @Body() dto: OutOfOfficeDto) {
    if (Date.parse(dto.to) <= Date.parse(dto.from)) {
      throw validationFailed([{ field: 'to', rule: 'afterFrom', message: 'to must be after from' }]);
    }
    if (dto.delegateUserId) {
      if (dto.delegateUserId === user.id) throw validationFailed([{ field: 'delegateUserId', rule: 'notSelf', message: 'delegateUserId must be someone else' }]);
      const [d] = await this.db.query(`SELECT roles FROM users WHERE id = $1`, [dto.delegateUserId]);
      if (!d) throw validationFailed([{ field: 'delegateUserId', rule: 'exists', message: 'delegateUserId names no user' }]);
      // One rule with explicit delegation: the delegate holds a role the absent person's tasks need.
      const refusal = delegateRoleRefusal(rolesToCover(user.roles, SLIM_POLICY.steps), d.roles as string[]);
      if (refusal) throw new AppError(refusal.code, refusal.message, refusal.details);
    }
    await this.db.query(`UPDATE users SET ooo_from = $2, ooo_to = $3, ooo_delegate_id = $4 WHERE id = $1`, [user.id, dto.from, dto.to, dto.delegateUserId ?? null]);
    return this.me(user);
  }
}

function userView(r: Record<string, unknown>) {
  return { id: r.id, username: r.username, displayName: r.display_name, email: r.email, roles: r.roles, title: r.title, managerId: r.manager_id, timeZone: r.time_zone };
}
