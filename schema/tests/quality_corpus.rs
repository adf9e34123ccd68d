//! A labelled corpus of fictional outcome and provision statements, good and bad, and the
//! precision and recall of each wording rule over it (printed; run with `--nocapture`).
//!
//! Each line: `O | expected rules | name | outcome text` or
//! `P | expected rules | provider | description | frequency | duration`.
//! Expected rules are wire names, comma-separated, or `-` for a statement that should pass.
//! Outcomes are judged on their words alone (no separate time frame), so a good outcome here
//! carries its end point in the sentence.

use northstar_schema::quality::{outcome_wording, provision_wording, Rule};
use northstar_schema::{Outcome, Provision};
use std::collections::BTreeMap;

const CORPUS: &str = r#"
O | - | Sam | By the end of Key Stage 2, Sam will be able to ask an adult for help using his communication book in 4 out of 5 lessons.
O | - | Priya | By July 2027, Priya will read a familiar book of 50 words aloud with no more than two errors.
O | - | Jordan | By the end of Year 8, Jordan will travel to school by bus independently on every school day.
O | - | Amara | By the time Amara starts school in September 2027, she will follow a visual timetable with no more than one adult prompt on 4 out of 5 days.
O | - | Leo | Within 12 weeks, Leo will use his calm-down plan to leave the classroom and return within 10 minutes, on at least three occasions a week.
O | - | Ffion | By the end of Key Stage 3, Ffion will write a paragraph of five sentences using her laptop and word prediction, in every English lesson.
O | - | Kofi | By the end of this school year, Kofi will put on his coat and shoes without help before every playtime.
O | - | Maya | By Easter, Maya will take turns in a board game with two friends for 10 minutes, in 3 out of 4 sessions.
O | - | Tom | By the end of Year 11, Tom will complete a one-week work placement, arriving on time each day.
O | - | Zara | I will be able to make a hot drink and a snack on my own by the end of Year 12.
O | - | Reuben | By the end of the spring term, Reuben will say or sign "stop" when he needs a break, in 4 out of 5 group sessions.
O | - | Nia | By the end of Key Stage 1, Nia will count objects to 20 accurately in 4 out of 5 maths lessons.
O | - | Ollie | By the end of Year 13, Ollie will manage a weekly budget of £30 for food, keeping a record on his phone every week for a whole term.
O | - | Hana | By December 2026, Hana will wear her hearing aids all day and tell an adult each time one stops working.
O | - | Dev | By the end of Year 10, Dev will attend at least 95% of lessons each half-term.
O | - | Bea | Within six weeks of starting college, Bea will find her way between the four main rooms on her timetable unaided.
O | - | Ravi | By the summer half-term, Ravi will eat lunch in the dining hall with his friends on at least three days a week.
O | - | Isla | By the end of Reception, Isla will use twenty Makaton signs to make choices at snack time every day.
O | - | Jamal | By age 19, Jamal will lead his own annual review meeting, presenting what is working and not working using his slides.
O | - | Grace | By the end of Year 9, Grace will tell a trusted adult when she feels anxious, using her feelings chart, at least once a day.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Sam | Sam will receive support to improve his behaviour.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Sam | Sam will continue to make progress with reading, writing and maths.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable | Priya | Priya will have access to a quiet space.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable | Jordan | Jordan will be supported by a teaching assistant in lessons.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Leo | The pupil will improve his social skills.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Ffion | Ffion will reach her full potential.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Kofi | To access the curriculum.
O | outcome-not-measurable | Maya | By the end of Key Stage 2, Maya will improve her reading.
O | outcome-not-time-bound | Tom | Tom will read 100 high-frequency words accurately.
O | outcome-not-time-bound | Nia | Nia will put her hand up to answer a question in 3 out of 5 lessons.
O | outcome-not-measurable,outcome-impersonal | Ravi | By the end of Year 6, the child will develop better communication.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable | Dev | Dev will be given help with organisation.
O | outcome-as-provision | Hana | By July 2027, Hana will receive 2 hours of speech and language therapy each week.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Bea | Pupils will feel happy and confident in school.
O | outcome-not-time-bound,outcome-not-measurable | Isla | Isla will be more confident.
O | outcome-not-time-bound,outcome-not-measurable | Jamal | Jamal will understand his emotions better.
O | outcome-not-measurable | Grace | By the end of the year, Grace will develop her independence skills.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable | Zara | Zara will be provided with a laptop.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Ollie | He/she will engage with learning.
O | outcome-not-time-bound,outcome-not-measurable,outcome-impersonal | Reuben | Reuben will make good progress.
O | outcome-as-provision,outcome-not-time-bound,outcome-not-measurable | Sam | Sam to have access to speech and language therapy.
O | outcome-not-measurable,outcome-impersonal | Priya | By the end of Key Stage 3, to improve social interaction.
P | - | Speech and language therapist | Direct therapy for expressive language, with a programme for the teaching assistant to deliver between sessions. | 1 x 30-minute session each week | Until the end of Key Stage 2 (July 2027)
P | - | Teaching assistant trained in Precision Teaching | Precision Teaching of high-frequency words. | 10 minutes daily | Until July 2027, reviewed each term
P | - | Educational psychologist | Assessment of cognition and learning, and advice to staff on strategies. | Termly consultation of 1 hour | For the duration of this plan
P | - | Qualified Teacher of the Deaf | Monitoring of hearing equipment and direct teaching of listening skills. | 1 x 1-hour visit each fortnight | Until the end of Year 6
P | - | Class teacher, with advice from the SENCO | A personal visual timetable used at every transition. | Daily, at every transition | Until the end of Key Stage 1
P | - | Learning mentor | Emotional literacy sessions (ELSA) in a small group of up to three pupils. | 6 x 45-minute sessions each half-term | Until July 2027
P | - | Occupational therapist and teaching assistant | Fine motor programme with specialist equipment. | Therapist: termly review; programme 3 x 15 minutes each week | Until the end of Year 4
P | - | Independent travel trainer | Structured travel training from accompanied to solo journeys. | 4 x 1-hour sessions each week for one term | One term, from September 2026
P | - | Teaching assistant | 1:1 support for mobility, personal care and access to practical learning. | 27.5 hours a week (full time) | Until the end of Key Stage 3
P | - | Job coach | Job coaching using systematic instruction, with a weekly review with the employer. | 2 days a week | For 12 weeks from January 2027
P | - | Specialist teacher (dyslexia) | Structured, multi-sensory literacy teaching. | 2 x 40-minute sessions a week | Until the end of Year 9
P | - | Careers adviser (Level 6 qualified) | Impartial careers guidance interviews. | 2 guidance interviews a year | Until the end of Year 11
P | - | SENCO | Planning and review meeting with the family. | Once each term | Until the end of this plan
P | - | School nurse | Training for staff in the care plan for epilepsy. | Annually, and when the care plan changes | For as long as Dev attends this school
P | - | Teaching assistant trained in Attention Autism | Small-group social communication sessions with two named peers. | 3 x 20-minute sessions each week | Until July 2028
P | provision-not-quantified,provision-vague | School | Access to a TA as required. | As required | Ongoing
P | provision-not-quantified,provision-vague | Outside agencies | Support from outside agencies as appropriate. | As appropriate | Ongoing
P | provision-vague | Teaching assistant | Regular check-ins with a trusted adult. | 3 times a week | Until July 2027
P | provision-vague | Speech and language therapist | Therapy sessions. | Up to 6 sessions a term | Until the end of Year 5
P | provision-vague | Teaching assistant | Opportunities for social interaction at break time. | Daily | Until the end of Year 3
P | provision-not-quantified | Speech and language therapist | Speech and language therapy. |  | Until the end of Key Stage 2
P | provision-not-quantified |  | Literacy intervention in a small group. | 3 x 30 minutes a week | Until July 2027
P | provision-not-quantified | Teaching assistant | Precision Teaching of spellings. | 10 minutes daily |
P | provision-not-quantified,provision-vague | Staff | Support with emotional regulation where possible. | When needed | Ongoing
P | provision-vague | Learning mentor | Mentoring sessions, where appropriate. | 1 x 30 minutes a week | Until the end of Year 10
P | provision-not-quantified | Occupational therapist | Sensory diet and advice. | TBC | TBC
P | provision-not-quantified,provision-vague | School | Sam will have access to a quiet room. | As and when | Ongoing
P | provision-vague | Educational psychologist | Educational psychology involvement as required. | Termly | Until July 2027
P | provision-vague | Teaching assistant | Small-group numeracy, subject to staffing. | 2 x 30 minutes a week | Until the end of Year 6
P | provision-not-quantified | Teaching assistant | Support in lessons. | Ongoing | Ongoing
"#;

const OUTCOME_RULES: [Rule; 4] = [
    Rule::OutcomeNotTimeBound,
    Rule::OutcomeNotMeasurable,
    Rule::OutcomeAsProvision,
    Rule::OutcomeImpersonal,
];
const PROVISION_RULES: [Rule; 2] = [Rule::ProvisionNotQuantified, Rule::ProvisionVague];

fn rule(wire: &str) -> Rule {
    *Rule::ALL
        .iter()
        .find(|r| r.as_str() == wire)
        .unwrap_or_else(|| panic!("unknown rule {wire:?}"))
}

#[derive(Default)]
struct Tally {
    tp: u32,
    fp: u32,
    fn_: u32,
}

#[test]
fn wording_rules_meet_precision_and_recall_on_the_corpus() {
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut statements = 0;
    let mut good = 0;
    let mut mistakes = Vec::new();
    for line in CORPUS.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let expected: Vec<Rule> = if fields[1] == "-" {
            vec![]
        } else {
            fields[1].split(',').map(|w| rule(w.trim())).collect()
        };
        let (got, rules): (Vec<Rule>, &[Rule]) = match fields[0] {
            "O" => {
                let outcome = Outcome {
                    text: fields[3].into(),
                    ..Default::default()
                };
                (outcome_wording(&outcome, &[fields[2]]), &OUTCOME_RULES)
            }
            "P" => {
                let provision = Provision {
                    provider: fields[2].into(),
                    description: fields[3].into(),
                    frequency: fields[4].into(),
                    duration: fields.get(5).copied().unwrap_or("").into(),
                    ..Default::default()
                };
                (provision_wording(&provision), &PROVISION_RULES)
            }
            other => panic!("bad corpus line kind {other:?}"),
        };
        statements += 1;
        if expected.is_empty() {
            good += 1;
        }
        for r in rules {
            let t = tallies.entry(r.as_str()).or_default();
            match (expected.contains(r), got.contains(r)) {
                (true, true) => t.tp += 1,
                (false, true) => {
                    t.fp += 1;
                    mistakes.push(format!("false {}: {line}", r.as_str()));
                }
                (true, false) => {
                    t.fn_ += 1;
                    mistakes.push(format!("missed {}: {line}", r.as_str()));
                }
                (false, false) => {}
            }
        }
    }
    assert!(statements >= 60, "the corpus has {statements} statements");
    println!("quality corpus: {statements} statements ({good} good)");
    println!(
        "{:<28} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "rule", "tp", "fp", "fn", "precision", "recall"
    );
    let mut failures = Vec::new();
    for (name, t) in &tallies {
        let precision = f64::from(t.tp) / f64::from((t.tp + t.fp).max(1));
        let recall = f64::from(t.tp) / f64::from((t.tp + t.fn_).max(1));
        println!(
            "{name:<28} {:>4} {:>4} {:>4} {precision:>9.2} {recall:>7.2}",
            t.tp, t.fp, t.fn_
        );
        if precision < 0.9 || recall < 0.85 {
            failures.push(format!(
                "{name}: precision {precision:.2}, recall {recall:.2}"
            ));
        }
    }
    for m in &mistakes {
        println!("  {m}");
    }
    assert!(failures.is_empty(), "below threshold: {failures:?}");
}

#[test]
fn the_good_example_from_the_issue_is_never_flagged() {
    let outcome = Outcome {
        text: "By the end of Key Stage 2, Sam will be able to ask an adult for help using his \
               communication book in 4 out of 5 lessons."
            .into(),
        ..Default::default()
    };
    assert_eq!(outcome_wording(&outcome, &["Sam"]), []);
}
