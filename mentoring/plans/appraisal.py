"""The plan as a Word document for an NHS appraisal or personal development review: where I
am and where I want to be, the gaps, my goals with their dates and evidence, and my mentor's
comments, in the order the conversation usually takes."""

from io import BytesIO

from docx import Document

from mentoring.plans.selectors import level_name
from portal.dates import nhs_date

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def role_name(role_level, text: str = "") -> str:
    if role_level is None:
        return text or "Not given"
    return f"{role_level.name} ({role_level.role.family.name})"


def docx(page: dict) -> bytes:
    """The document's bytes, from the context `selectors.plan_page` gives the pages."""
    plan = page["plan"]
    document = Document()
    document.core_properties.title = "Personal development plan"
    document.add_heading("Personal development plan", level=0)
    document.add_paragraph(
        f"{plan.owner.get_full_name() or plan.owner.email}. "
        "For my appraisal or personal development review."
    )

    document.add_heading("Where I am and where I want to be", level=1)
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(
        table.rows,
        [
            ("Current role", role_name(plan.current_role_level, plan.current_role_text)),
            ("Target role", role_name(plan.target_role_level)),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, value

    document.add_heading("Skills to develop", level=1)
    assessment = page["assessment"]
    if assessment is None:
        document.add_paragraph("I have not assessed my skills against this role yet.")
    elif not page["gaps"]:
        document.add_paragraph("My self-assessment shows no gaps for this role.")
    else:
        document.add_paragraph(
            f"From my self-assessment on {nhs_date(assessment.created_at)}, largest gaps first."
        )
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, heading in zip(
            table.rows[0].cells,
            ["Skill", "My level", "Level needed", "Confirmed by my mentor"],
            strict=True,
        ):
            cell.text = heading
        for gap in page["gaps"]:
            cells = table.add_row().cells
            cells[0].text = gap.skill.name + (
                " (no longer in the framework)" if gap.skill.is_retired else ""
            )
            cells[1].text = gap.level_name
            cells[2].text = gap.required_name
            cells[3].text = (
                f"{level_name(gap.confirmed.level)}, {nhs_date(gap.confirmed.confirmed_at)}"
                if gap.confirmed
                else ""
            )

    document.add_heading("My goals", level=1)
    if not page["goals"]:
        document.add_paragraph("No goals yet.")
    for goal in page["goals"]:
        document.add_heading(goal.what, level=2)
        skill = goal.skill.name + (" (no longer in the framework)" if goal.skill.is_retired else "")
        for label, value in [
            ("Skill", skill),
            ("By", nhs_date(goal.by_when)),
            ("Status", goal.get_status_display()),
            ("How I will show it", goal.how_shown),
            ("Progress and evidence", goal.progress or "None yet"),
        ]:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)

    document.add_heading("My mentor's comments", level=1)
    if not page["comments"]:
        document.add_paragraph("No comments yet.")
    for comment in page["comments"]:
        author = comment.author.get_full_name() if comment.author else "Former user"
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{author}, {nhs_date(comment.created_at)}: ").bold = True
        paragraph.add_run(comment.text)

    document.add_paragraph(
        "Skills and levels from the Government Digital and Data Profession Capability "
        "Framework, under the Open Government Licence v3.0."
    )
    output = BytesIO()
    document.save(output)
    return output.getvalue()
