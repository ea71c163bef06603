from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from playbooks.loader import Library
from playbooks.models import Step, Template
from playbooks.render import MissingFact, RenderError, render_all, render_step


def test_first_contact_uses_the_exact_figures(library: Library, sample_facts: dict) -> None:
    seat = library.playbooks["seat-overage"]
    email = render_step(seat, "first-contact", "email", sample_facts)
    assert email.subject == "Atlas Analytics: 140 seats in use, 100 seats in your plan"
    assert "That is 40 seats more, or 40%." in email.body
    assert "14 September 2026" in email.body and "1 March 2027" in email.body
    assert email.text.startswith(email.subject + "\n\n")


def test_optional_fact_can_be_left_out(library: Library, sample_facts: dict) -> None:
    facts = {k: v for k, v in sample_facts.items() if k != "renewal_date"}
    email = render_step(library.playbooks["seat-overage"], "first-contact", "email", facts)
    assert "renewal" not in email.body


def test_missing_fact_names_the_fact_and_the_step(library: Library, sample_facts: dict) -> None:
    facts = {k: v for k, v in sample_facts.items() if k != "contact_name"}
    with pytest.raises(MissingFact) as caught:
        render_step(library.playbooks["seat-overage"], "first-contact", "letter", facts)
    assert (caught.value.fact, caught.value.step_id) == ("contact_name", "first-contact")
    assert str(caught.value) == ("step 'first-contact' of playbook 'seat-overage' needs the fact "
                                 "'contact_name', which this case does not have yet")


def test_a_blank_form_value_is_a_missing_fact(library: Library, sample_facts: dict) -> None:
    facts = {**sample_facts, "first_seen": "", "renewal_date": None}
    with pytest.raises(MissingFact) as caught:
        render_step(library.playbooks["seat-overage"], "first-contact", "email", facts)
    assert caught.value.fact == "first_seen"
    facts = {k: v for k, v in sample_facts.items() if k != "unit_name"}
    with pytest.raises(MissingFact) as caught:
        render_step(library.playbooks["seat-overage"], "first-contact", "slack", facts)
    assert caught.value.fact == "unit_name"


def test_facts_from_a_form_are_coerced(library: Library, sample_facts: dict) -> None:
    facts = {**sample_facts, "licensed_units": "1,000", "units_in_use": "1001",
             "first_seen": "2026-09-14"}
    slack = render_step(library.playbooks["seat-overage"], "first-contact", "slack", facts)
    assert "That is 1 seat more" in slack.body and "*1,000 seats*" in slack.body


def test_slack_output_escapes_fact_values_only(library: Library, sample_facts: dict) -> None:
    facts = {**sample_facts, "contact_name": "<!channel> & <https://x.example|click>"}
    seat = library.playbooks["seat-overage"]
    slack = render_step(seat, "first-contact", "slack", facts)
    assert "&lt;!channel&gt; &amp; &lt;https://x.example|click&gt;" in slack.body
    assert "<" not in slack.body and "*140 seats*" in slack.body
    email = render_step(seat, "first-contact", "email", facts)
    assert "<!channel> & <https://x.example|click>" in email.body


def test_unknown_step_or_channel(library: Library, sample_facts: dict) -> None:
    seat = library.playbooks["seat-overage"]
    with pytest.raises(RenderError, match="no 'fax' template for step 'first-contact'"):
        render_step(seat, "first-contact", "fax", sample_facts)
    with pytest.raises(RenderError, match="no 'email' template for step 'nowhere'"):
        render_step(seat, "nowhere", "email", sample_facts)
    assert set(render_all(seat, "first-contact", sample_facts)) == {
        "email", "call_notes", "letter", "slack"}


ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ customer_name.__class__.__base__.__subclasses__() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ customer_name['__class__'] }}",
    "{{ (1).__class__ }}",
    "{{ customer_name.format.__globals__ }}",
    "{{ '{0.__class__}'.format(customer_name) }}",
    "{{ self._TemplateReference__context }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__ }}",
    "{{ range(10) }}",
    "{{ 'x' * 100000000 }}",
    "{{ [1] * 100000000 }}",
    "{{ 10 ** 100000 }}",
    "{{ customer_name.upper.__self__ }}",
]


def _with_template(library: Library, body: str) -> Any:
    seat = library.playbooks["seat-overage"]
    step = Step("evil", "Evil", "Not loaded through the linter.",
                templates={"email": Template("email", body, "s")})
    return replace(seat, steps=(*seat.steps, step))


@pytest.mark.parametrize("body", ESCAPES)
def test_sandbox_escape_attempts_fail_safely(library: Library, sample_facts: dict,
                                             body: str) -> None:
    playbook = _with_template(library, body)
    with pytest.raises(RenderError) as caught:
        render_step(playbook, "evil", "email", sample_facts)
    assert "<class" not in str(caught.value) and "module" not in str(caught.value)
