"""The "came from and went next" picture is plain Python over plain data."""

from stories.careers.diagram import MAX_DRAWN, MAX_STROKE, MIN_STROKE, role_moves_diagram
from stories.careers.selectors import LeaderLink, Move


def move(label: str, count: int) -> Move:
    leaders = [LeaderLink(slug=f"{label}-{n}", name=f"Leader {n}", url="/") for n in range(count)]
    return Move(label=label, url="", count=count, leaders=leaders)


def test_no_moves_draws_no_picture():
    assert role_moves_diagram("Data analyst", came_from=[], went_next=[]) is None


def test_lines_grow_with_the_leaders_who_made_the_move():
    diagram = role_moves_diagram(
        "Data analyst", came_from=[move("Nurse", 4), move("Teacher", 1)], went_next=[]
    )

    widths = {box.full_label: box.stroke_width for box in diagram.boxes}
    assert widths == {"Nurse": MAX_STROKE, "Teacher": MIN_STROKE + (MAX_STROKE - MIN_STROKE) / 4}
    assert all(box.side == "came-from" for box in diagram.boxes)


def test_only_the_busiest_moves_are_drawn_and_the_rest_counted():
    went_next = [move(f"Role {n}", 20 - n) for n in range(MAX_DRAWN + 3)]

    diagram = role_moves_diagram("Data analyst", came_from=[], went_next=went_next)

    assert [box.full_label for box in diagram.boxes] == [f"Role {n}" for n in range(MAX_DRAWN)]
    assert diagram.undrawn_count == 3


def test_long_names_are_shortened_in_the_picture_but_kept_whole_for_its_titles():
    name = "Principal infrastructure operations engineer with a very long name indeed"

    diagram = role_moves_diagram("Data analyst", came_from=[move(name, 2)], went_next=[])

    box = diagram.boxes[0]
    assert box.label.endswith("…") and len(box.label) < len(name)
    assert box.full_label == name
    assert box.x + box.width < diagram.centre_x < diagram.width
