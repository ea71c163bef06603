"""Behaviour of tone.check: categories, spans, neutral look-alikes, score and suggestions."""

from __future__ import annotations

import json

import pytest

from tone import Finding, ToneReport, apply_suggestions, check


def categories(text: str, **kwargs: object) -> set[str]:
    return {f.category for f in check(text, **kwargs).findings}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("You have violated the licence agreement.", "blame"),
        ("The agreement has been violated by your team.", "blame"),
        ("Your company is in violation of the terms.", "blame"),
        ("Your unauthorized use of the product continues.", "blame"),
        ("You failed to report the extra installs.", "blame"),
        ("Your team has been knowingly sharing one login between companies.", "blame"),
        ("We will take legal action.", "threat"),
        ("Your account will be suspended on Monday.", "threat"),
        ("We will terminate your subscription.", "threat"),
        ("Unpaid balances go to a collection agency.", "threat"),
        ("We will conduct a formal audit of your installations.", "threat"),
        ("This is your final notice.", "pressure"),
        ("Please pay immediately.", "pressure"),
        ("We will have no choice but to escalate.", "pressure"),
        ("Per my last email, the limit is 100.", "passive_aggressive"),
        ("As previously stated, the licence covers one site.", "passive_aggressive"),
        ("We need a true-up for the extra seats.", "jargon"),
        ("Your entitlement covers 100 users.", "jargon"),
        ("Pursuant to section 4, please send the report.", "legalese"),
        ("The vendor may decide at its sole discretion.", "legalese"),
        ("There is significant overuse.", "vague"),
        ("Please reply ASAP.", "vague"),
        ("A number of users share logins.", "vague"),
        ("Please DO NOT share logins.", "shouting"),
        ("Fix this now!!!", "shouting"),
    ],
)
def test_each_category_is_found(text: str, category: str) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "You are using 140 seats.",
        "Our records show 140 active seats against the 100 licensed.",
        "We can review the audit together on Thursday.",
        "The audit log shows 140 logins.",
        "A contractor's laptop was stolen, and we disabled its session.",
        "We will terminate the old API endpoint on 30 June.",
        "Our legal team reviewed the new terms for clarity.",
        "There is no penalty for the months before today.",
        "We will not suspend any accounts while we talk.",
        "You can remove inactive users from the Settings page.",
        "The firewall terminated the idle connection.",
    ],
)
def test_neutral_facts_stay_quiet(text: str) -> None:
    tone_words = categories(text) & {"blame", "threat", "pressure", "passive_aggressive"}
    assert tone_words == set()


@pytest.mark.parametrize(
    "furniture",
    [
        "Yours faithfully, Priya Raman, Sentinel Debt Recovery Associates",
        "With kind regards, Example Software GmbH, License Audit",
        "Regards, JOHN SMITH, COLLECTIONS MANAGER",
        "Sincerely, Gord Halvorsen, Compliance Programs, Canadian Software Integrity Association",
        "Alliance Against Unlicensed Software, PO Box 12, Leeds LS1 4AP",
        "Example Inc., 400 Main Street, Portland, OR 97204",
        "Our ref: LIC:AJT:2025-0412",
        "Example Debt Recovery Ltd is authorised and regulated by the Financial Conduct Authority.",
        "This communication is from a debt collector and is an attempt to collect a debt.",
    ],
)
def test_letter_furniture_is_names_addresses_and_references_not_wording(furniture: str) -> None:
    assert check(furniture).findings == []


def test_a_sentence_after_a_sign_off_or_reference_label_is_still_checked() -> None:
    assert "threat" in categories("Thanks, we will suspend your account tomorrow.")
    assert {"blame", "threat"} <= categories("Our ref: you have violated the licence and we will sue.")
    assert "threat" in categories("Send it to PO Box 12 or we will take legal action.")
    assert "threat" in categories("Pay our registered office by Friday or we will take legal action against you.")
    assert "readability" in categories(
        "Thanks, but the consolidated reconciliation methodology necessitates comprehensive "
        "organisational documentation."
    )


def test_present_tense_consequences_are_threats_too() -> None:
    ultimatum = "Unless the extra seats are bought by 30 June, your projects go read-only."
    assert {"threat", "pressure"} <= categories(ultimatum)
    assert "threat" in categories("If we have not heard back by Friday, the extra users lose their seats.")
    assert "threat" not in categories("Old projects become read-only in the archive, as you asked.")


def test_at_once_meaning_simultaneously_is_not_urgency() -> None:
    assert "pressure" not in categories("38 people were signed in at once, and your plan allows 30.")
    assert "pressure" in categories("Pay the invoice at once, please.")


def test_conditional_negation_is_still_a_threat() -> None:
    assert "threat" in categories("If you do not pay, we will suspend your account.")
    assert "threat" in categories("Not sure how much longer I can keep finance off your back.")
    assert "threat" in categories("I don't know if we will have to suspend your account.")
    assert "pressure" in categories("If you do not respond immediately, we will act.")


def test_spans_index_the_original_text() -> None:
    text = "Hi <@U123>, *you have violated* the EULA; pursuant to clause 4, pay ASAP!!"
    report = check(text)
    assert report.findings
    for finding in report.findings:
        assert text[finding.start:finding.end] == finding.text
    assert {"blame", "jargon", "legalese", "vague", "shouting"} <= {f.category for f in report.findings}


def test_good_first_contact_email_is_ready(first_contact_email: str) -> None:
    report = check(first_contact_email)
    assert report.verdict == "ready", report.to_dict()
    assert report.score >= 85
    assert not [f for f in report.findings if f.category in {"blame", "threat", "pressure"}]


def test_hostile_email_needs_a_rewrite(hostile_email: str) -> None:
    report = check(hostile_email)
    assert report.verdict == "rewrite"
    assert report.score < 60
    found = {f.category for f in report.findings}
    assert {"blame", "threat", "pressure", "passive_aggressive", "shouting", "jargon"} <= found


def test_document_signals_cost_points() -> None:
    cold = ("The account shows 140 active seats against 100 in the plan. The extra 40 seats cost $1,200 "
            "per month. The invoice for the extra seats is attached to this message. The renewal date is "
            "1 July. The order form lists the Pro plan and its price per seat.")
    warm = cold + " Thanks for your help; we are happy to talk it through, and I'm here for any questions."
    cold_report, warm_report = check(cold), check(warm)
    assert cold_report.score < warm_report.score == 100
    reasons = " ".join(d.reason for d in cold_report.deductions)
    assert "thanks" in reasons and "shared-goal" in reasons


def test_you_heavy_draft_is_penalised() -> None:
    text = ("You added users in May. You did this in the Lisbon office. Your admins gave your contractors your "
            "logins. You now have 140 users and your plan has 100. You can pick an option from the list. Your "
            "renewal is in July. You can call me. Thanks, I'm Dana.")
    assert any("'you'" in d.reason for d in check(text).deductions)


def test_escalation_context_allows_one_factual_consequence() -> None:
    text = "If the extra seats are not added by 30 June, your access to the analytics module will be suspended."
    strict, escalation = check(text), check(text, context="escalation")
    assert "threat" in {f.category for f in strict.findings}
    assert escalation.score > strict.score
    assert escalation.findings == strict.findings
    two_threats = text + " We will also take legal action."
    assert check(two_threats, context="escalation").score < escalation.score


def test_unknown_context_is_rejected() -> None:
    with pytest.raises(ValueError, match="context"):
        check("Hello", context="friendly")


def test_non_text_input_is_rejected() -> None:
    with pytest.raises(TypeError):
        check(b"bytes")  # type: ignore[arg-type]


def test_report_is_json_ready(hostile_email: str) -> None:
    report = check(hostile_email)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["score"] == report.score and data["verdict"] == report.verdict
    assert len(data["findings"]) == len(report.findings)
    assert set(data["readability"]) >= {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "words",
                                         "sentences", "sentence_grades"}
    assert data["sentences"][0]["start"] == report.sentences[0].start


def test_readability_figures_and_sentence_grades(first_contact_email: str) -> None:
    report = check(first_contact_email)
    r = report.readability
    assert 50 < r.flesch_reading_ease < 100 and 0 < r.flesch_kincaid_grade < 12
    assert r.words > 100 and r.sentences > 5
    assert len(r.sentence_grades) == len(report.sentences)


def test_long_or_dense_sentences_are_flagged() -> None:
    long_one = " ".join(["we looked at the numbers again"] * 6) + "."
    dense = ("Comprehensive organizational licensing documentation necessitates meticulous verification of "
             "infrastructure virtualization characteristics.")
    assert "readability" in categories(long_one)
    assert "readability" in categories(dense)
    assert "readability" not in categories("We looked at the numbers again this morning.")


def test_findings_carry_why_and_suggestion(hostile_email: str) -> None:
    for finding in check(hostile_email).findings:
        assert finding.why.strip()
        assert finding.suggestion


def test_apply_suggestions_swaps_drop_in_replacements() -> None:
    text = "Pursuant to clause 4, we hereby ask you to reply prior to Friday. KINDLY NOTE THIS!!!"
    report = check(text)
    fixed = apply_suggestions(text, report)
    assert fixed == "Under clause 4, we ask you to reply before Friday. Kindly note this."
    assert not check(fixed).findings


def test_apply_suggestions_deleting_an_opening_capitalises_the_next_word() -> None:
    text = "Please be advised that your trial ended on 12 May. We hereby ask for the list."
    assert apply_suggestions(text, check(text)) == "Your trial ended on 12 May. We ask for the list."


def test_apply_suggestions_leaves_advice_only_findings_alone() -> None:
    text = "You have violated the agreement."
    assert apply_suggestions(text, check(text)) == text


def test_apply_suggestions_refuses_a_report_from_other_text() -> None:
    report = check("Pursuant to clause 4.")
    with pytest.raises(ValueError):
        apply_suggestions("Something else entirely.", report)


def test_public_types_are_exported() -> None:
    report = check("Per my last email.")
    assert isinstance(report, ToneReport) and isinstance(report.findings[0], Finding)


@pytest.mark.parametrize(
    "text",
    [
        "You can take action from the alert page.",
        "You can end your subscription at any time from Settings.",
        "This change will affect your renewal price by $2 a seat.",
        "Feel free to raise this with your legal team.",
        "The issue was found to be in our metering.",
        "The licence keys were shared with your admins on Monday.",
        "The setting is hidden in the admin menu.",
        "We're disappointed to hear about the outage at your data centre.",
        "We greatly appreciate your patience.",
        "You can expect an answer from our engineers by Friday.",
        "I want to thank you today for the quick reply.",
        "You face no penalty for the months before today.",
    ],
)
def test_more_innocent_uses_stay_quiet(text: str) -> None:
    assert not categories(text) & {"blame", "threat", "pressure", "passive_aggressive", "vague"}


def test_a_consequence_with_a_condition_and_a_deadline_is_an_ultimatum() -> None:
    text = "Your API access will be suspended in 48 hours unless you upgrade your plan."
    pressure = [f for f in check(text).findings if f.category == "pressure"]
    assert [f.text for f in pressure] == ["in 48 hours"]
    assert "threat" in categories(text)
    assert "pressure" not in categories("Your old API keys will be suspended on 1 March, as announced.")
    assert "pressure" not in categories("Your account will be suspended on 1 March.")


def test_tone_categories_may_overlap_on_the_same_words() -> None:
    pay_now = "Please pay the outstanding balance immediately to avoid further action."
    failure = "Your failure to pay has left us with no option but to suspend your account."
    assert {"pressure", "threat"} <= categories(pay_now)
    assert {"blame", "threat"} <= categories(failure)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the quick call on Tuesday; here are the numbers we discussed.",
        "Your plan covers 100 seats, and 140 people signed in during May.",
        "Could you let me know by Friday 14 June which option suits you?",
        "VIA EMAIL AND CERTIFIED MAIL",
        "PRIVATE AND CONFIDENTIAL",
        "Our ref: JS/ACME/0042",
        "If you have received this email in error, please notify the sender immediately and delete it.",
    ],
)
def test_plain_sentences_and_letter_furniture_stay_quiet(text: str) -> None:
    assert not check(text).findings
