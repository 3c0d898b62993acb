"""The names of the exportable reports and what each one is (cheap to import: no Excel code)."""

from __future__ import annotations

REPORTS: dict[str, str] = {
    "indicator-system": "指标体系（聊城 附件2 格式）",
    "task-division": "重点任务分工（聊城 附件3 格式）",
    "indicator-status": "主要指标完成情况（含完成率、序时进度、状态）",
    "task-progress": "重点任务推进情况（按月）",
    "evaluation": "考核评分（含按责任单位汇总）",
    "missing": "未报送单位清单（催报）",
    "bulletin": "进展通报（.docx 或 .txt）",
}
