import { taskAssignedTemplate } from './index';
import { SAMPLE_TASK } from './samples';

describe('the task mail of a step an approver returned the contract to', () => {
  const returned = { byName: 'Sam Sales', fromStepName: 'Sales manager approval', comment: 'Check the floor price again' };

  it('says who returned it, from which step and why, in English', () => {
    const mail = taskAssignedTemplate({ ...SAMPLE_TASK, returned });
    expect(mail.subject).toContain('Returned for your decision');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Sam Sales returned contract');
      expect(body).toContain('Sales manager approval');
      expect(body).toContain('Check the floor price again');
    }
  });

  it('and in Chinese', () => {
    const mail = taskAssignedTemplate({ ...SAMPLE_TASK, recipient: { ...SAMPLE_TASK.recipient, locale: 'zh-CN' }, returned });
    expect(mail.subject).toContain('退回待审批');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('从步骤“Sales manager approval”退回到步骤');
      expect(body).toContain('退回原因：“Check the floor price again”');
    }
  });

  it('a task not returned to reads as before', () => {
    expect(taskAssignedTemplate({ ...SAMPLE_TASK, returned: null })).toEqual(taskAssignedTemplate(SAMPLE_TASK));
  });
});
