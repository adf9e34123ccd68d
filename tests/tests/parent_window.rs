//! The parent's or carer's views in the real window: opened from a demo child's workspace,
//! switched to Urdu (right to left), a note written in Urdu that the SENCO then finds in the
//! meeting's "working" poster from the family's perspective, exactly as typed. A plan with no
//! review yet offers nothing to fill in. Each screen is screenshotted and checked with axe-core.

use northstar_e2e::{
    assert_accessible, click, click_until, free_port_pair, open_child, painted, screenshot, shows,
    type_into, wait_for, wait_for_text, wait_gone, within_two_minutes, Driver,
};

/// "She goes to school happily now": what Fatima's mother writes, in Urdu.
const WORKING: &str = "وہ اب خوشی سے اسکول جاتی ہے";
/// "Who will be at the meeting?", added and then taken away again.
const QUESTION: &str = "میٹنگ میں کون ہوگا؟";

#[tokio::test(flavor = "multi_thread")]
async fn a_parent_writes_their_views_in_urdu_and_the_meeting_sees_them() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start(free_port_pair());
    within_two_minutes(scenario(&driver, data.path())).await;
}

async fn search(client: &fantoccini::Client, name: &str) {
    let field = wait_for(client, "#search").await;
    field.clear().await.unwrap();
    field.send_keys(name).await.unwrap();
}

/// "Finished" hands back a locked window, as the young person's space does.
async fn finish_and_unlock(client: &fantoccini::Client, child: &str) {
    click(client, "#finish-parent").await;
    wait_for_text(client, "#lock-heading", "Northstar is locked").await;
    type_into(
        client,
        "#passphrase",
        northstar_engine::DataKey::TEST_PASSPHRASE,
    )
    .await;
    click(client, "#unlock").await;
    wait_for_text(client, "#child-name", child).await;
}

/// Brings the element matching `css` into view and waits for the window to paint it.
async fn scroll_to(client: &fantoccini::Client, css: &str) {
    wait_for(client, css).await;
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![serde_json::json!(css)],
        )
        .await
        .unwrap();
    painted(client).await;
}

async fn scenario(driver: &Driver, data: &std::path::Path) {
    let client = driver.launch(data).await;
    wait_for(&client, "table.caseload tbody tr").await;
    search(&client, "Fatima").await;
    open_child(&client, "Fatima Hussain").await;
    click(&client, "#open-parent-views").await;
    // English first, whatever this computer remembered from before.
    click(&client, "#parent-language option[value='en-GB']").await;
    wait_for(&client, ".parent-views[lang='en-GB'][dir='ltr']").await;
    wait_for_text(&client, "#parent-title", "Your views about Fatima").await;
    // The plan names two parents and this computer records changes as the SENCO, so the
    // screen asks who is writing; the first named, her mother, is credited until changed.
    wait_for_text(&client, "#parent-who option", "Imtiaz Hussain").await;
    wait_for_text(&client, "#parent-who option:checked", "Nasreen Hussain").await;
    // Her own notes on the posters, from the demo review; never the teacher's.
    wait_for_text(
        &client,
        "#parent-like-and-admire textarea",
        "an amazing memory",
    )
    .await;
    assert!(
        !shows(
            &client,
            "#parent-like-and-admire textarea",
            "lights up the room"
        )
        .await,
        "the teacher's note is not on the parent's screen"
    );
    wait_for_text(&client, "#parent-interpreter-hint", "interpreter").await;
    painted(&client).await;
    screenshot("parent-views-english");
    assert_accessible(&client, "the parent's views in English").await;

    // In Urdu the whole screen turns right to left and says its translation awaits review.
    click(&client, "#parent-language option[value='ur']").await;
    wait_for(&client, ".parent-views[lang='ur'][dir='rtl']").await;
    // The child's name stays as the plan spells it; the words around it are Urdu.
    wait_for_text(&client, "#parent-title", "کے بارے میں آپ کی رائے").await;
    wait_for_text(&client, "#parent-title", "Fatima").await;
    wait_for_text(&client, "#translation-note", "مشین").await;
    wait_for_text(&client, "#parent-working h2", "اچھا چل رہا").await;

    // A note in Urdu under "what is working well", saved at once and said so in Urdu.
    type_into(&client, "#parent-add-working", WORKING).await;
    click(&client, "form:has(#parent-add-working) button[type=submit]").await;
    wait_for_text(&client, "#parent-working textarea", WORKING).await;
    wait_for_text(&client, "#parent-saved", "محفوظ").await;
    // A question for the meeting, added and removed again.
    type_into(&client, "#parent-add-questions", QUESTION).await;
    click(
        &client,
        "form:has(#parent-add-questions) button[type=submit]",
    )
    .await;
    wait_for_text(&client, "#parent-questions textarea", QUESTION).await;
    click(&client, "#parent-questions .parent-note button").await;
    wait_gone(&client, "#parent-questions .parent-note").await;
    scroll_to(&client, "#parent-title").await;
    screenshot("parent-views-urdu");
    scroll_to(&client, "#parent-working").await;
    screenshot("parent-views-urdu-working");
    assert_accessible(&client, "the parent's views in Urdu").await;
    // Put English back for whoever uses this computer next.
    click(&client, "#parent-language option[value='en-GB']").await;
    wait_for(&client, ".parent-views[lang='en-GB']").await;
    finish_and_unlock(&client, "Fatima Hussain").await;

    // The SENCO finds it on the meeting's poster, from the family, exactly as typed.
    click_until(&client, "#tab-meeting", "#go-working").await;
    click_until(&client, "#go-working", ".poster-working").await;
    wait_for_text(&client, ".poster-working textarea", WORKING).await;
    let from = client
        .execute(
            "const a = [...document.querySelectorAll('.poster-working textarea')]
                 .find(t => t.value === arguments[0]);
             if (!a) return 'missing';
             a.closest('li').scrollIntoView({ block: 'center' });
             return a.closest('li').querySelector('select').value;",
            vec![serde_json::json!(WORKING)],
        )
        .await
        .unwrap();
    assert_eq!(
        from.as_str(),
        Some("family"),
        "the note is the family's view"
    );
    painted(&client).await;
    screenshot("parent-views-in-the-meeting");
    assert_accessible(&client, "working and not working with the parent's note").await;

    // A plan with no review yet: said in plain words, and nothing to type into.
    click(&client, "#back-to-caseload").await;
    search(&client, "Musa").await;
    open_child(&client, "Musa Abdi").await;
    click(&client, "#open-parent-views").await;
    wait_for_text(&client, "#parent-no-review", "has not started a review").await;
    assert!(
        client
            .find_all(fantoccini::Locator::Css(".parent-views textarea"))
            .await
            .unwrap()
            .is_empty(),
        "nothing to fill in without a review"
    );
    assert_accessible(&client, "the parent's views with no review yet").await;
    finish_and_unlock(&client, "Musa Abdi").await;

    client.close().await.unwrap();
}
