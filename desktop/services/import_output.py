"""The readable preview of an import, for the command line (the window shows the same data)."""

from __future__ import annotations

from desktop.services.importer import FilePreview, ImportResult

STATUS_LABELS = {"new": "新增", "changed": "修改", "unchanged": "未变"}


def _file_lines(f: FilePreview, detail: int) -> list[str]:
    kind = "报送模板" if f.template_id else "自由格式"
    head = f"文件：{f.file_name}（{kind}；单位：{f.unit or '未识别'}；期间：{f.period or '未识别'}）"
    if f.already_imported is not None:
        return [head, f"  与导入批次 {f.already_imported} 的文件完全相同，已导入过，本次不做任何修改。"]
    lines = [
        head,
        f"  新增 {f.count('new')} 项，修改 {f.count('changed')} 项，未变 {f.count('unchanged')} 项；"
        f"未识别 {len(f.not_understood)} 行；拒绝 {len(f.refused)} 项；提示 {len(f.warnings)} 条",
    ]
    lines += [f"  说明：{n}" for n in f.notes]
    lines += [f"  错误：{e}" for e in f.errors]
    shown = [c for c in f.changes if c.status != "unchanged"]
    for c in shown[:detail]:
        arrow = f"{c.old} → {c.new}" if c.status == "changed" else f"{c.new}"
        lines.append(f"  {STATUS_LABELS[c.status]}：{c.label}（{c.period}）{arrow}　[{c.sheet}!{c.cell}]")
    if len(shown) > detail:
        lines.append(f"  ……另有 {len(shown) - detail} 项变化")
    for n in f.not_understood:
        guess = f"，最接近“{n.best_guess}”（相似度 {n.score:.2f}）" if n.best_guess and n.score is not None else ""
        lines.append(f"  未识别：工作表“{n.sheet}”第 {n.row} 行“{n.text}”{guess}")
    for r in f.refused:
        lines.append(f"  拒绝：工作表“{r.sheet}”{r.cell} 单元格“{r.text}”：{r.reason}")
    for w in f.warnings:
        lines.append(f"  提示：工作表“{w.sheet}”{w.cell}：{w.message}")
    return lines


def import_report(result: ImportResult, dry_run: bool, detail: int = 50) -> str:
    lines: list[str] = []
    for f in result.files:
        lines += _file_lines(f, detail)
    for c in result.conflicts:
        lines.append(f"冲突：{c.label}（{c.period}）两个文件的数值不同：{c.first}；{c.second}")
    if result.blocked:
        lines.append("结果：存在错误或冲突，未导入任何数据。请按上面的说明修改文件后重新导入。")
    elif dry_run:
        lines.append("结果：预览（--dry-run），未写入任何数据。")
    elif result.committed:
        ids = "、".join(str(i) for i in result.batch_ids)
        lines.append(f"结果：已导入，批次 {ids}。如需撤销：innotrack undo-batch 批次编号。")
    else:
        lines.append("结果：没有需要写入的变化。")
    return "\n".join(lines)
