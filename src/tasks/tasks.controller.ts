// HTTP surface for tasks: my open tasks, one task, and the three actions on it.
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, RequestOrigin } from '../directory/auth';
import { DeadlineDto, DecisionDto, DelegateDto, ReassignDto, TaskView } from './task.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('api/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My open tasks (assigned to me, or escalated to me)' })
  @ApiOkResponse({ type: [TaskView] })
  list(@CurrentUser() user: AuthUser) {
    return this.tasks.listMine(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task I may see: assigned or escalated to me, decided by me, or of a contract I may see' })
  @ApiOkResponse({ type: TaskView })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.tasks.get(user, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve, reject or request changes; 409 with a code when refused' })
  decide(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: DecisionDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.tasks.decide(user, id, dto, origin);
  }

  @Post(':id/delegate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand an open task to a colleague holding the same role' })
  @ApiOkResponse({ type: TaskView })
  delegate(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: DelegateDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.tasks.delegate(user, id, dto.toUserId, dto.comment, origin);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ops: move a waiting task to another holder of its role (a delegation made by ops; the new holder is mailed)' })
  @ApiOkResponse({ type: TaskView })
  reassign(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: ReassignDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.tasks.reassign(user, id, dto.toUserId, dto.reason, origin);
  }

  @Post(':id/deadline')
  @HttpCode(200)
  @ApiOperation({ summary: "Ops: move a task's deadline; the running workflow's timers follow" })
  @ApiOkResponse({ type: TaskView })
  deadline(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: DeadlineDto, @RequestOrigin() origin: Record<string, unknown>) {
    return this.tasks.changeDeadline(user, id, dto.dueAt, dto.reason, origin);
  }
}
