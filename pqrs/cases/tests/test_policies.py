"""Who may act on a case and who may see it (policies.py, selectors.cases_visible_to)."""

import pytest

from conftest import at
from pqrs.accounts.models import Area, AreaMembership, Role, User
from pqrs.cases.models import Status, Topic
from pqrs.cases.policies import Action, allows
from pqrs.cases.selectors import cases_visible_to
from pqrs.cases.services import (
    case_add_note,
    case_answer,
    case_archive,
    case_assign,
    case_close,
    case_extend,
    case_merge,
    case_move,
    case_petitioner_reply,
    case_reopen,
    case_request_information,
    case_start,
    case_tacit_withdraw,
    case_transfer,
    case_triage,
    case_withdraw,
)
from pqrs.cases.tests.factories import file_case
from pqrs.cases.tests.steps import (
    bring,
    refused,
)

pytestmark = pytest.mark.django_db

# One call per service, each valid for a case of area A in progress (and a second one to merge
# into) except for who acts: the permission check comes before any other.
STEPS = {
    "triage": lambda o, c, d, who: case_triage(case=c, actor=who, priority=1),
    "assign": lambda o, c, d, who: case_assign(case=c, actor=who, assignee=o.officer_a2),
    "start": lambda o, c, d, who: case_start(case=c, actor=who),
    "move": lambda o, c, d, who: case_move(case=c, actor=who, area=o.area_b, reason="Salud"),
    "request_info": lambda o, c, d, who: case_request_information(
        case=c, actor=who, reason="incomplete", message="Falta la cédula"
    ),
    "record_reply": lambda o, c, d, who: case_petitioner_reply(case=c, actor=who, text="Aquí"),
    "extend": lambda o, c, d, who: case_extend(case=c, actor=who, days=5, reasons="Conceptos"),
    "transfer": lambda o, c, d, who: case_transfer(
        case=c, actor=who, entity_name="Supersalud", reason="Salud", letter="Remitimos"
    ),
    "answer": lambda o, c, d, who: case_answer(case=c, actor=who, body="Respuesta"),
    "close": lambda o, c, d, who: case_close(case=c, actor=who),
    "withdraw": lambda o, c, d, who: case_withdraw(case=c, actor=who, reason="Desiste"),
    "tacit_withdraw": lambda o, c, d, who: case_tacit_withdraw(case=c, actor=who),
    "archive": lambda o, c, d, who: case_archive(case=c, actor=who),
    "merge": lambda o, c, d, who: case_merge(case=d, actor=who, into=c, reason="Duplicado"),
    "reopen": lambda o, c, d, who: case_reopen(case=c, actor=who, reason="Insiste"),
    "note": lambda o, c, d, who: case_add_note(case=c, actor=who, text="Nota"),
}


@pytest.fixture
def pair(org, frozen):
    frozen(at(2026, 7, 10, 9))
    return (
        bring(file_case(), Status.IN_PROGRESS, org),
        bring(file_case(), Status.TRIAGED, org),
    )


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("who", ["officer_b", "lead_b", "auditor", "clerk", "inactive_lead_a"])
def test_no_step_for_outsiders_the_auditor_or_the_inactive(org, pair, step, who):
    if who == "inactive_lead_a":
        User.objects.filter(pk=org.lead_a.pk).update(is_active=False)
        actor = User.objects.get(pk=org.lead_a.pk)
    else:
        actor = getattr(org, who)
    with refused("forbidden"):
        STEPS[step](org, *pair, actor)


@pytest.mark.parametrize(
    "step", ["triage", "assign", "move", "extend", "transfer", "merge", "reopen"]
)
def test_lead_only_steps_are_refused_to_the_officer_of_the_area(org, pair, step):
    with refused("forbidden"):
        STEPS[step](org, *pair, org.officer_a)


def test_allows_matrix(org, pair):
    case, _ = pair
    unclassified = file_case()
    every = set(Action)
    lead_on_unclassified = {Action.TRIAGE, Action.ASSIGN}
    officer = {
        Action.START,
        Action.REQUEST_INFO,
        Action.RECORD_REPLY,
        Action.ANSWER,
        Action.CLOSE,
        Action.WITHDRAW,
        Action.TACIT_WITHDRAW,
        Action.ARCHIVE,
        Action.NOTE,
    }
    table = {
        ("admin", "a"): every,
        ("admin", None): every,
        ("auditor", "a"): set(),
        ("auditor", None): set(),
        ("lead_a", "a"): every,
        ("lead_a", None): lead_on_unclassified,
        ("lead_b", "a"): set(),
        ("officer_a", "a"): officer,
        ("officer_a", None): set(),
        ("officer_b", "a"): set(),
        ("clerk", "a"): set(),
        ("clerk", None): {Action.TRIAGE},
    }
    for (who, area), expected in table.items():
        target = case if area else unclassified
        actual = {a for a in Action if a != Action.FILE and allows(getattr(org, who), a, target)}
        assert actual == expected - {Action.FILE}, (who, area)
    assert not any(allows(None, a, case) for a in Action)  # the system acts through services
    for who, may_file in [
        ("clerk", True),
        ("officer_a", True),
        ("lead_a", True),
        ("admin", True),
        ("auditor", False),
    ]:
        assert allows(getattr(org, who), Action.FILE) is may_file, who


def test_a_superuser_of_any_role_may_act(org, pair):
    case, _ = pair
    boss = User.objects.create_user(username="root", role=Role.OFFICER, is_superuser=True)
    assert allows(boss, Action.REOPEN, case)
    boss.is_active = False
    assert not allows(boss, Action.NOTE, case)


# --- visibility ------------------------------------------------------------------------------
class TestVisibility:
    @pytest.fixture
    def cases(self, org):
        topic_a = Topic.objects.create(code="predial", name="Predial", default_area=org.area_a)
        topic_b = Topic.objects.create(code="vacunas", name="Vacunas", default_area=org.area_b)
        return {
            "a": file_case(topic_code=topic_a.code),
            "b": file_case(topic_code=topic_b.code),
            "unclassified": file_case(),
            "clerk_b": file_case(actor=org.clerk, topic_code=topic_b.code),
            "clerk_unclassified": file_case(actor=org.clerk),
        }

    def visible(self, user, cases):
        ids = set(cases_visible_to(user).values_list("pk", flat=True))
        return {name for name, case in cases.items() if case.pk in ids}

    def test_each_role_sees_its_share(self, org, cases):
        everything = set(cases)
        assert self.visible(org.officer_a, cases) == {"a"}
        assert self.visible(org.officer_b, cases) == {"b", "clerk_b"}
        assert self.visible(org.lead_a, cases) == {"a", "unclassified", "clerk_unclassified"}
        assert self.visible(org.lead_b, cases) == {
            "b",
            "clerk_b",
            "unclassified",
            "clerk_unclassified",
        }
        assert self.visible(org.clerk, cases) == {
            "clerk_b",
            "clerk_unclassified",
            "unclassified",
        }
        assert self.visible(org.auditor, cases) == everything
        assert self.visible(org.admin, cases) == everything

    def test_visibility_follows_the_case_when_it_moves(self, org, cases):
        case_triage(case=cases["unclassified"], actor=org.lead_a, area=org.area_a)
        assert self.visible(org.officer_a, cases) == {"a", "unclassified"}
        assert "unclassified" not in self.visible(org.lead_b, cases)
        assert "unclassified" not in self.visible(org.clerk, cases)

    def test_officer_of_two_areas_and_lead_without_membership(self, org, cases):
        AreaMembership.objects.create(user=org.officer_a2, area=org.area_b)
        assert self.visible(org.officer_a2, cases) == {"a", "b", "clerk_b"}
        only_leads = User.objects.create_user(username="jefe.c", role=Role.AREA_LEAD)
        Area.objects.filter(pk=org.area_b.pk).update(lead=only_leads)
        assert self.visible(only_leads, cases) == {
            "b",
            "clerk_b",
            "unclassified",
            "clerk_unclassified",
        }

    @pytest.mark.parametrize("who", ["admin", "auditor", "lead_a", "officer_a", "clerk"])
    def test_an_inactive_user_sees_nothing(self, org, cases, who):
        user = getattr(org, who)
        assert self.visible(user, cases)
        user.is_active = False
        user.save()
        assert self.visible(User.objects.get(pk=user.pk), cases) == set()
