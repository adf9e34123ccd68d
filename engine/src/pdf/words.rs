//! The fixed words of the documents a family can have in their own language: the one-page
//! profile, and the summary page that goes with the LA's decision letter.
//!
//! MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW BY A FLUENT SPEAKER: every language but
//! English here was translated with machine help, as the About box says. Keep the English
//! short and everyday so translations stay close. What people wrote (the young person's
//! words, the meeting's notes) is never translated: it is printed as written.
//!
//! Arabic is written without optional vowel marks (as most families type it): marks are
//! drawn correctly, but text extractors such as pdftotext read a raised mark as a character
//! of its own, out of place.
//!
//! Key types: [`ProfileWords`] and [`DecisionWords`], looked up by [`Language`].

use northstar_schema::Language;

/// The one-page profile's own words. `{first}` stands for the young person's first name.
pub struct ProfileWords {
    pub heading: &'static str,
    pub like_and_admire: &'static str,
    pub important: &'static str,
    pub support: &'static str,
    pub empty: &'static str,
    pub continues: &'static str,
    pub title: &'static str,
    pub subject: &'static str,
}

pub fn profile(language: Language) -> ProfileWords {
    match language {
        Language::English => ProfileWords {
            heading: "All about {first}",
            like_and_admire: "What people like and admire about me",
            important: "What’s important to me",
            support: "How best to support me",
            empty: "We will fill this in together.",
            continues: "This profile continues on the next page.",
            title: "{first}’s one-page profile",
            subject: "One-page profile",
        },
        Language::Polish => ProfileWords {
            heading: "Wszystko o {first}",
            like_and_admire: "Co ludzie we mnie lubią i podziwiają",
            important: "Co jest dla mnie ważne",
            support: "Jak najlepiej mi pomagać",
            empty: "Uzupełnimy to razem.",
            continues: "Ten profil jest kontynuowany na następnej stronie.",
            title: "Profil na jednej stronie: {first}",
            subject: "Profil na jednej stronie",
        },
        Language::Urdu => ProfileWords {
            heading: "{first} کے بارے میں سب کچھ",
            like_and_admire: "لوگ میری کون سی باتیں پسند کرتے اور سراہتے ہیں",
            important: "میرے لیے کیا اہم ہے",
            support: "میری بہترین مدد کیسے کی جائے",
            empty: "ہم یہ مل کر بھریں گے۔",
            continues: "یہ پروفائل اگلے صفحے پر جاری ہے۔",
            title: "{first} کا ایک صفحے کا پروفائل",
            subject: "ایک صفحے کا پروفائل",
        },
        Language::Bengali => ProfileWords {
            heading: "{first}-এর সব কথা",
            like_and_admire: "মানুষ আমার কী পছন্দ ও প্রশংসা করে",
            important: "আমার কাছে কী গুরুত্বপূর্ণ",
            support: "আমাকে সবচেয়ে ভালোভাবে কীভাবে সাহায্য করা যায়",
            empty: "আমরা এটা একসাথে পূরণ করব।",
            continues: "এই প্রোফাইল পরের পাতায় চলবে।",
            title: "{first}-এর এক পাতার প্রোফাইল",
            subject: "এক পাতার প্রোফাইল",
        },
        Language::Punjabi => ProfileWords {
            heading: "{first} ਬਾਰੇ ਸਭ ਕੁਝ",
            like_and_admire: "ਲੋਕ ਮੇਰੀਆਂ ਕਿਹੜੀਆਂ ਗੱਲਾਂ ਪਸੰਦ ਕਰਦੇ ਅਤੇ ਸਲਾਹੁੰਦੇ ਹਨ",
            important: "ਮੇਰੇ ਲਈ ਕੀ ਮਹੱਤਵਪੂਰਨ ਹੈ",
            support: "ਮੇਰੀ ਸਭ ਤੋਂ ਵਧੀਆ ਮਦਦ ਕਿਵੇਂ ਕਰੀਏ",
            empty: "ਅਸੀਂ ਇਹ ਮਿਲ ਕੇ ਭਰਾਂਗੇ।",
            continues: "ਇਹ ਪ੍ਰੋਫਾਈਲ ਅਗਲੇ ਪੰਨੇ ਉੱਤੇ ਜਾਰੀ ਹੈ।",
            title: "{first} ਦਾ ਇੱਕ ਪੰਨੇ ਦਾ ਪ੍ਰੋਫਾਈਲ",
            subject: "ਇੱਕ ਪੰਨੇ ਦਾ ਪ੍ਰੋਫਾਈਲ",
        },
        Language::Arabic => ProfileWords {
            heading: "كل شيء عن {first}",
            like_and_admire: "ما يحبه الناس ويقدرونه في شخصيتي",
            important: "ما هو مهم بالنسبة لي",
            support: "أفضل طريقة لمساعدتي",
            empty: "سنملأ هذا معا.",
            continues: "يتبع هذا الملف في الصفحة التالية.",
            title: "ملف {first} في صفحة واحدة",
            subject: "ملف في صفحة واحدة",
        },
        Language::Romanian => ProfileWords {
            heading: "Totul despre {first}",
            like_and_admire: "Ce le place și ce admiră oamenii la mine",
            important: "Ce este important pentru mine",
            support: "Cum mă puteți sprijini cel mai bine",
            empty: "Vom completa asta împreună.",
            continues: "Acest profil continuă pe pagina următoare.",
            title: "Profilul pe o pagină al lui {first}",
            subject: "Profil pe o pagină",
        },
        Language::Somali => ProfileWords {
            heading: "Wax walba oo ku saabsan {first}",
            like_and_admire: "Waxa dadku iga jecel yihiin oo ay igu ammaanaan",
            important: "Waxa aniga muhiim ii ah",
            support: "Sida ugu wanaagsan ee la ii caawin karo",
            empty: "Tan waan wada buuxin doonnaa.",
            continues: "Astaantani waxay ku sii socotaa bogga xiga.",
            title: "Astaanta hal bog ah ee {first}",
            subject: "Astaan hal bog ah",
        },
    }
}

/// The summary page in the family's language that follows the LA's decision letter. The
/// English letter is the statutory one; this page says what it means and what to do.
/// `{first}` is the child's first name, `{date}` a date written out in English.
pub struct DecisionWords {
    pub heading: &'static str,
    pub about: &'static str,
    pub maintain: &'static str,
    pub amend: &'static str,
    pub cease: &'static str,
    pub appeal: &'static str,
    pub mediation: &'static str,
    pub help: &'static str,
    pub english_is_official: &'static str,
}

pub fn decision(language: Language) -> DecisionWords {
    match language {
        Language::English => DecisionWords {
            heading: "What this letter means",
            about: "This letter is about {first}’s Education, Health and Care plan, after the annual review.",
            maintain: "The council will keep the plan as it is.",
            amend: "The council wants to change the plan. You will get the changes to read first.",
            cease: "The council plans to stop the plan.",
            appeal: "If you disagree, you can appeal to the SEND Tribunal. The last day to appeal is {date}.",
            mediation: "Before appealing, you must think about mediation. Mediation is free.",
            help: "You can ask for an interpreter or for help to read this letter. Contact the council’s SEND team.",
            english_is_official: "The letter in English comes first; it is the official letter.",
        },
        Language::Polish => DecisionWords {
            heading: "Co oznacza ten list",
            about: "Ten list dotyczy planu edukacji, zdrowia i opieki (EHC) dla {first}, po corocznym przeglądzie.",
            maintain: "Rada zachowa plan bez zmian.",
            amend: "Rada chce zmienić plan. Najpierw otrzymają Państwo zmiany do przeczytania.",
            cease: "Rada planuje zakończyć plan.",
            appeal: "Jeśli się Państwo nie zgadzają, można odwołać się do Trybunału SEND. Ostatni dzień na odwołanie to {date}.",
            mediation: "Przed odwołaniem trzeba rozważyć mediację. Mediacja jest bezpłatna.",
            help: "Można poprosić o tłumacza lub o pomoc w przeczytaniu tego listu. Prosimy skontaktować się z zespołem SEND rady.",
            english_is_official: "List po angielsku jest pierwszy; to on jest oficjalnym listem.",
        },
        Language::Urdu => DecisionWords {
            heading: "اس خط کا کیا مطلب ہے",
            about: "یہ خط سالانہ جائزے کے بعد {first} کے تعلیم، صحت اور نگہداشت کے منصوبے (EHC پلان) کے بارے میں ہے۔",
            maintain: "کونسل منصوبے کو ویسا ہی رکھے گی۔",
            amend: "کونسل منصوبے میں تبدیلی کرنا چاہتی ہے۔ آپ کو پہلے تبدیلیاں پڑھنے کے لیے ملیں گی۔",
            cease: "کونسل منصوبہ ختم کرنے کا ارادہ رکھتی ہے۔",
            appeal: "اگر آپ متفق نہیں ہیں تو آپ SEND ٹریبونل میں اپیل کر سکتے ہیں۔ اپیل کی آخری تاریخ {date} ہے۔",
            mediation: "اپیل سے پہلے آپ کو ثالثی (mediation) پر غور کرنا ہوگا۔ ثالثی مفت ہے۔",
            help: "آپ ترجمان یا یہ خط پڑھنے میں مدد مانگ سکتے ہیں۔ کونسل کی SEND ٹیم سے رابطہ کریں۔",
            english_is_official: "انگریزی میں خط پہلے ہے؛ وہی سرکاری خط ہے۔",
        },
        Language::Bengali => DecisionWords {
            heading: "এই চিঠির অর্থ কী",
            about: "বার্ষিক পর্যালোচনার পরে এই চিঠিটি {first}-এর শিক্ষা, স্বাস্থ্য ও পরিচর্যা পরিকল্পনা (EHC প্ল্যান) নিয়ে।",
            maintain: "কাউন্সিল পরিকল্পনাটি যেমন আছে তেমনই রাখবে।",
            amend: "কাউন্সিল পরিকল্পনাটি পরিবর্তন করতে চায়। আপনি আগে পরিবর্তনগুলো পড়ার জন্য পাবেন।",
            cease: "কাউন্সিল পরিকল্পনাটি বন্ধ করার কথা ভাবছে।",
            appeal: "আপনি একমত না হলে SEND ট্রাইব্যুনালে আপিল করতে পারেন। আপিলের শেষ দিন {date}।",
            mediation: "আপিলের আগে আপনাকে মধ্যস্থতা (mediation) বিবেচনা করতে হবে। মধ্যস্থতা বিনামূল্যে।",
            help: "আপনি একজন দোভাষী বা এই চিঠি পড়তে সাহায্য চাইতে পারেন। কাউন্সিলের SEND দলের সাথে যোগাযোগ করুন।",
            english_is_official: "ইংরেজি চিঠিটি প্রথমে আছে; সেটিই সরকারি চিঠি।",
        },
        Language::Punjabi => DecisionWords {
            heading: "ਇਸ ਚਿੱਠੀ ਦਾ ਕੀ ਮਤਲਬ ਹੈ",
            about: "ਇਹ ਚਿੱਠੀ ਸਾਲਾਨਾ ਸਮੀਖਿਆ ਤੋਂ ਬਾਅਦ {first} ਦੀ ਸਿੱਖਿਆ, ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ ਯੋਜਨਾ (EHC ਪਲਾਨ) ਬਾਰੇ ਹੈ।",
            maintain: "ਕੌਂਸਲ ਯੋਜਨਾ ਨੂੰ ਜਿਵੇਂ ਹੈ ਉਵੇਂ ਹੀ ਰੱਖੇਗੀ।",
            amend: "ਕੌਂਸਲ ਯੋਜਨਾ ਨੂੰ ਬਦਲਣਾ ਚਾਹੁੰਦੀ ਹੈ। ਤੁਹਾਨੂੰ ਪਹਿਲਾਂ ਬਦਲਾਅ ਪੜ੍ਹਨ ਲਈ ਮਿਲਣਗੇ।",
            cease: "ਕੌਂਸਲ ਯੋਜਨਾ ਨੂੰ ਬੰਦ ਕਰਨ ਦੀ ਸੋਚ ਰਹੀ ਹੈ।",
            appeal: "ਜੇ ਤੁਸੀਂ ਸਹਿਮਤ ਨਹੀਂ ਹੋ, ਤਾਂ ਤੁਸੀਂ SEND ਟ੍ਰਿਬਿਊਨਲ ਕੋਲ ਅਪੀਲ ਕਰ ਸਕਦੇ ਹੋ। ਅਪੀਲ ਦਾ ਆਖਰੀ ਦਿਨ {date} ਹੈ।",
            mediation: "ਅਪੀਲ ਤੋਂ ਪਹਿਲਾਂ ਤੁਹਾਨੂੰ ਵਿਚੋਲਗੀ (mediation) ਬਾਰੇ ਸੋਚਣਾ ਪਵੇਗਾ। ਵਿਚੋਲਗੀ ਮੁਫ਼ਤ ਹੈ।",
            help: "ਤੁਸੀਂ ਦੁਭਾਸ਼ੀਏ ਜਾਂ ਇਹ ਚਿੱਠੀ ਪੜ੍ਹਨ ਲਈ ਮਦਦ ਮੰਗ ਸਕਦੇ ਹੋ। ਕੌਂਸਲ ਦੀ SEND ਟੀਮ ਨਾਲ ਸੰਪਰਕ ਕਰੋ।",
            english_is_official: "ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ ਚਿੱਠੀ ਪਹਿਲਾਂ ਹੈ; ਉਹੀ ਸਰਕਾਰੀ ਚਿੱਠੀ ਹੈ।",
        },
        Language::Arabic => DecisionWords {
            heading: "ماذا تعني هذه الرسالة",
            about: "هذه الرسالة عن خطة التعليم والصحة والرعاية (خطة EHC) الخاصة بـ{first}، بعد المراجعة السنوية.",
            maintain: "سيُبقي المجلس الخطة كما هي.",
            amend: "يريد المجلس تغيير الخطة. ستصلك التغييرات لتقرأها أولا.",
            cease: "ينوي المجلس إيقاف الخطة.",
            appeal: "إذا لم توافق، يمكنك الاستئناف أمام محكمة SEND. آخر يوم للاستئناف هو {date}.",
            mediation: "قبل الاستئناف، عليك التفكير في الوساطة. الوساطة مجانية.",
            help: "يمكنك طلب مترجم أو مساعدة في قراءة هذه الرسالة. تواصل مع فريق SEND في المجلس.",
            english_is_official: "الرسالة باللغة الإنجليزية تأتي أولا؛ وهي الرسالة الرسمية.",
        },
        Language::Romanian => DecisionWords {
            heading: "Ce înseamnă această scrisoare",
            about: "Această scrisoare este despre planul de educație, sănătate și îngrijire (EHC) al lui {first}, după evaluarea anuală.",
            maintain: "Consiliul va păstra planul așa cum este.",
            amend: "Consiliul vrea să schimbe planul. Veți primi mai întâi schimbările, ca să le citiți.",
            cease: "Consiliul intenționează să încheie planul.",
            appeal: "Dacă nu sunteți de acord, puteți face apel la Tribunalul SEND. Ultima zi pentru apel este {date}.",
            mediation: "Înainte de apel, trebuie să vă gândiți la mediere. Medierea este gratuită.",
            help: "Puteți cere un interpret sau ajutor să citiți această scrisoare. Contactați echipa SEND a consiliului.",
            english_is_official: "Scrisoarea în engleză este prima; aceasta este scrisoarea oficială.",
        },
        Language::Somali => DecisionWords {
            heading: "Waxa warqaddan ka dhigan tahay",
            about: "Warqaddan waxay ku saabsan tahay qorshaha Waxbarashada, Caafimaadka iyo Daryeelka (EHC) ee {first}, kadib dib-u-eegista sanadlaha ah.",
            maintain: "Golaha deegaanku qorshaha sidiisa ayuu u haynayaa.",
            amend: "Golaha deegaanku wuxuu rabaa inuu qorshaha beddelo. Marka hore waxaad heli doontaa isbeddellada si aad u akhrido.",
            cease: "Golaha deegaanku wuxuu qorsheynayaa inuu joojiyo qorshaha.",
            appeal: "Haddii aadan ku raacsanayn, waxaad racfaan u qaadan kartaa Maxkamadda SEND. Maalinta ugu dambeysa ee racfaanka waa {date}.",
            mediation: "Racfaanka ka hor, waa inaad ka fikirtaa dhexdhexaadin. Dhexdhexaadintu waa bilaash.",
            help: "Waxaad codsan kartaa turjumaan ama caawimaad aad ku akhrido warqaddan. La xiriir kooxda SEND ee golaha deegaanka.",
            english_is_official: "Warqadda Ingiriisiga ah ayaa ugu horreysa; taasi waa warqadda rasmiga ah.",
        },
    }
}

/// The review summary for the family: what the meeting was, what it suggested, what happens
/// next and what people agreed to do. `{first}` is the child's first name, `{date}` a date.
pub struct SummaryWords {
    pub title: &'static str,
    pub intro: &'static str,
    pub meeting_on: &'static str,
    pub who_came: &'static str,
    pub suggested: &'static str,
    pub keep: &'static str,
    pub change: &'static str,
    pub stop: &'static str,
    pub not_yet: &'static str,
    pub next: &'static str,
    pub report_by: &'static str,
    pub decision_by: &'static str,
    pub actions: &'static str,
    pub no_actions: &'static str,
    pub by: &'static str,
    pub ask: &'static str,
    pub subject: &'static str,
}

pub fn summary(language: Language) -> SummaryWords {
    match language {
        Language::English => SummaryWords {
            title: "{first}’s annual review: a summary for the family",
            intro: "This is a short summary of the meeting about {first}’s Education, Health and Care plan. The school’s full report is in English.",
            meeting_on: "The meeting was on {date}.",
            who_came: "Who came",
            suggested: "What the meeting suggested to the council",
            keep: "Keep the plan as it is.",
            change: "Change the plan.",
            stop: "Stop the plan.",
            not_yet: "The meeting has not made a suggestion yet.",
            next: "What happens next",
            report_by: "The school sends its report to everyone by {date}.",
            decision_by: "The council tells you its decision by {date}. If you disagree, you can appeal.",
            actions: "What people agreed to do",
            no_actions: "No actions were written down.",
            by: "by {date}",
            ask: "If anything is not clear, ask the school’s SENCO. You can ask for an interpreter.",
            subject: "Summary of the annual review for the family",
        },
        _ => summary_translated(language),
    }
}

/// `text` with `{first}` and `{date}` filled in. Each is isolated (U+2066 … U+2069), so an
/// English name or date keeps its own order inside Urdu or Arabic ("8 March 2026", not
/// "March 2026 8"); the marks are invisible and are not printed.
/// Left-to-right templates are filled as they are.
pub fn fill(text: &str, first: &str, date: &str) -> String {
    let rtl = super::shape::has_rtl(text);
    let isolate = |s: &str| {
        if rtl {
            format!("\u{2066}{s}\u{2069}")
        } else {
            s.to_string()
        }
    };
    text.replace("{first}", &isolate(first))
        .replace("{date}", &isolate(date))
}

/// The summary's words in the languages other than English (machine-assisted).
fn summary_translated(language: Language) -> SummaryWords {
    match language {
        Language::Polish => SummaryWords {
            title: "{first} – coroczny przegląd: podsumowanie dla rodziny",
            intro: "To krótkie podsumowanie spotkania w sprawie planu edukacji, zdrowia i opieki (EHC) dla {first}. Pełny raport szkoły jest po angielsku.",
            meeting_on: "Spotkanie odbyło się {date}.",
            who_came: "Kto był na spotkaniu",
            suggested: "Co spotkanie zaproponowało radzie",
            keep: "Zachować plan bez zmian.",
            change: "Zmienić plan.",
            stop: "Zakończyć plan.",
            not_yet: "Spotkanie nie przedstawiło jeszcze propozycji.",
            next: "Co dalej",
            report_by: "Szkoła wyśle swój raport wszystkim do {date}.",
            decision_by: "Rada poinformuje Państwa o swojej decyzji do {date}. Jeśli się Państwo nie zgadzają, można się odwołać.",
            actions: "Co uczestnicy zgodzili się zrobić",
            no_actions: "Nie zapisano żadnych działań.",
            by: "do {date}",
            ask: "Jeśli coś jest niejasne, prosimy zapytać szkolnego koordynatora SENCO. Można poprosić o tłumacza.",
            subject: "Podsumowanie corocznego przeglądu dla rodziny",
        },
        Language::Urdu => SummaryWords {
            title: "{first} کا سالانہ جائزہ: خاندان کے لیے خلاصہ",
            intro: "یہ {first} کے تعلیم، صحت اور نگہداشت کے منصوبے (EHC پلان) کے بارے میں ملاقات کا مختصر خلاصہ ہے۔ اسکول کی مکمل رپورٹ انگریزی میں ہے۔",
            meeting_on: "ملاقات {date} کو ہوئی۔",
            who_came: "کون کون آیا",
            suggested: "ملاقات نے کونسل کو کیا تجویز دی",
            keep: "منصوبہ ویسا ہی رکھا جائے۔",
            change: "منصوبے میں تبدیلی کی جائے۔",
            stop: "منصوبہ ختم کیا جائے۔",
            not_yet: "ملاقات نے ابھی تک کوئی تجویز نہیں دی۔",
            next: "آگے کیا ہوگا",
            report_by: "اسکول {date} تک اپنی رپورٹ سب کو بھیجے گا۔",
            decision_by: "کونسل {date} تک آپ کو اپنا فیصلہ بتائے گی۔ اگر آپ متفق نہیں ہیں تو آپ اپیل کر سکتے ہیں۔",
            actions: "لوگوں نے کیا کرنے پر اتفاق کیا",
            no_actions: "کوئی اقدامات درج نہیں کیے گئے۔",
            by: "{date} تک",
            ask: "اگر کوئی بات واضح نہ ہو تو اسکول کے SENCO سے پوچھیں۔ آپ ترجمان مانگ سکتے ہیں۔",
            subject: "خاندان کے لیے سالانہ جائزے کا خلاصہ",
        },
        Language::Bengali => SummaryWords {
            title: "{first}-এর বার্ষিক পর্যালোচনা: পরিবারের জন্য সারসংক্ষেপ",
            intro: "এটি {first}-এর শিক্ষা, স্বাস্থ্য ও পরিচর্যা পরিকল্পনা (EHC প্ল্যান) নিয়ে সভার একটি ছোট সারসংক্ষেপ। স্কুলের পুরো রিপোর্ট ইংরেজিতে আছে।",
            meeting_on: "সভাটি হয়েছিল {date} তারিখে।",
            who_came: "কারা এসেছিলেন",
            suggested: "সভা কাউন্সিলকে কী প্রস্তাব দিয়েছে",
            keep: "পরিকল্পনাটি যেমন আছে তেমনই রাখা হোক।",
            change: "পরিকল্পনাটি পরিবর্তন করা হোক।",
            stop: "পরিকল্পনাটি বন্ধ করা হোক।",
            not_yet: "সভা এখনও কোনো প্রস্তাব দেয়নি।",
            next: "এরপর কী হবে",
            report_by: "স্কুল {date}-এর মধ্যে সবাইকে তার রিপোর্ট পাঠাবে।",
            decision_by: "কাউন্সিল {date}-এর মধ্যে আপনাকে তার সিদ্ধান্ত জানাবে। আপনি একমত না হলে আপিল করতে পারেন।",
            actions: "কে কী করতে রাজি হয়েছেন",
            no_actions: "কোনো কাজ লিখে রাখা হয়নি।",
            by: "{date}-এর মধ্যে",
            ask: "কিছু পরিষ্কার না হলে স্কুলের SENCO-কে জিজ্ঞাসা করুন। আপনি একজন দোভাষী চাইতে পারেন।",
            subject: "পরিবারের জন্য বার্ষিক পর্যালোচনার সারসংক্ষেপ",
        },
        Language::Punjabi => SummaryWords {
            title: "{first} ਦੀ ਸਾਲਾਨਾ ਸਮੀਖਿਆ: ਪਰਿਵਾਰ ਲਈ ਸਾਰ",
            intro: "ਇਹ {first} ਦੀ ਸਿੱਖਿਆ, ਸਿਹਤ ਅਤੇ ਦੇਖਭਾਲ ਯੋਜਨਾ (EHC ਪਲਾਨ) ਬਾਰੇ ਮੀਟਿੰਗ ਦਾ ਛੋਟਾ ਸਾਰ ਹੈ। ਸਕੂਲ ਦੀ ਪੂਰੀ ਰਿਪੋਰਟ ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ ਹੈ।",
            meeting_on: "ਮੀਟਿੰਗ {date} ਨੂੰ ਹੋਈ ਸੀ।",
            who_came: "ਕੌਣ-ਕੌਣ ਆਇਆ",
            suggested: "ਮੀਟਿੰਗ ਨੇ ਕੌਂਸਲ ਨੂੰ ਕੀ ਸੁਝਾਅ ਦਿੱਤਾ",
            keep: "ਯੋਜਨਾ ਨੂੰ ਜਿਵੇਂ ਹੈ ਉਵੇਂ ਹੀ ਰੱਖਿਆ ਜਾਵੇ।",
            change: "ਯੋਜਨਾ ਨੂੰ ਬਦਲਿਆ ਜਾਵੇ।",
            stop: "ਯੋਜਨਾ ਨੂੰ ਬੰਦ ਕੀਤਾ ਜਾਵੇ।",
            not_yet: "ਮੀਟਿੰਗ ਨੇ ਅਜੇ ਕੋਈ ਸੁਝਾਅ ਨਹੀਂ ਦਿੱਤਾ।",
            next: "ਅੱਗੇ ਕੀ ਹੋਵੇਗਾ",
            report_by: "ਸਕੂਲ {date} ਤੱਕ ਆਪਣੀ ਰਿਪੋਰਟ ਸਾਰਿਆਂ ਨੂੰ ਭੇਜੇਗਾ।",
            decision_by: "ਕੌਂਸਲ {date} ਤੱਕ ਤੁਹਾਨੂੰ ਆਪਣਾ ਫ਼ੈਸਲਾ ਦੱਸੇਗੀ। ਜੇ ਤੁਸੀਂ ਸਹਿਮਤ ਨਹੀਂ ਹੋ, ਤਾਂ ਤੁਸੀਂ ਅਪੀਲ ਕਰ ਸਕਦੇ ਹੋ।",
            actions: "ਲੋਕਾਂ ਨੇ ਕੀ ਕਰਨ ਲਈ ਸਹਿਮਤੀ ਦਿੱਤੀ",
            no_actions: "ਕੋਈ ਕੰਮ ਲਿਖਿਆ ਨਹੀਂ ਗਿਆ।",
            by: "{date} ਤੱਕ",
            ask: "ਜੇ ਕੋਈ ਗੱਲ ਸਾਫ਼ ਨਹੀਂ ਹੈ, ਤਾਂ ਸਕੂਲ ਦੇ SENCO ਨੂੰ ਪੁੱਛੋ। ਤੁਸੀਂ ਦੁਭਾਸ਼ੀਏ ਦੀ ਮੰਗ ਕਰ ਸਕਦੇ ਹੋ।",
            subject: "ਪਰਿਵਾਰ ਲਈ ਸਾਲਾਨਾ ਸਮੀਖਿਆ ਦਾ ਸਾਰ",
        },
        Language::Arabic => SummaryWords {
            title: "المراجعة السنوية الخاصة بـ{first}: ملخص للعائلة",
            intro: "هذا ملخص قصير للاجتماع حول خطة التعليم والصحة والرعاية (خطة EHC) الخاصة بـ{first}. التقرير الكامل للمدرسة باللغة الإنجليزية.",
            meeting_on: "كان الاجتماع في {date}.",
            who_came: "من حضر",
            suggested: "ما اقترحه الاجتماع على المجلس",
            keep: "إبقاء الخطة كما هي.",
            change: "تغيير الخطة.",
            stop: "إيقاف الخطة.",
            not_yet: "لم يقدم الاجتماع اقتراحا بعد.",
            next: "ماذا سيحدث بعد ذلك",
            report_by: "سترسل المدرسة تقريرها إلى الجميع بحلول {date}.",
            decision_by: "سيخبرك المجلس بقراره بحلول {date}. إذا لم توافق، يمكنك الاستئناف.",
            actions: "ما اتفق الحاضرون على القيام به",
            no_actions: "لم يتم تسجيل أي إجراءات.",
            by: "بحلول {date}",
            ask: "إذا كان هناك شيء غير واضح، اسأل SENCO في المدرسة. يمكنك طلب مترجم.",
            subject: "ملخص المراجعة السنوية للعائلة",
        },
        Language::Romanian => SummaryWords {
            title: "Evaluarea anuală a lui {first}: rezumat pentru familie",
            intro: "Acesta este un scurt rezumat al întâlnirii despre planul de educație, sănătate și îngrijire (EHC) al lui {first}. Raportul complet al școlii este în engleză.",
            meeting_on: "Întâlnirea a avut loc pe {date}.",
            who_came: "Cine a participat",
            suggested: "Ce i-a propus întâlnirea consiliului",
            keep: "Planul să rămână așa cum este.",
            change: "Planul să fie schimbat.",
            stop: "Planul să fie încheiat.",
            not_yet: "Întâlnirea nu a făcut încă o propunere.",
            next: "Ce urmează",
            report_by: "Școala își trimite raportul tuturor până la {date}.",
            decision_by: "Consiliul vă comunică decizia sa până la {date}. Dacă nu sunteți de acord, puteți face apel.",
            actions: "Ce au convenit participanții să facă",
            no_actions: "Nu s-a notat nicio acțiune.",
            by: "până la {date}",
            ask: "Dacă ceva nu este clar, întrebați coordonatorul SENCO al școlii. Puteți cere un interpret.",
            subject: "Rezumatul evaluării anuale pentru familie",
        },
        Language::Somali => SummaryWords {
            title: "Dib-u-eegista sanadlaha ah ee {first}: soo koobid loogu talagalay qoyska",
            intro: "Tani waa soo koobid gaaban oo ku saabsan kulanka qorshaha Waxbarashada, Caafimaadka iyo Daryeelka (EHC) ee {first}. Warbixinta dhammaystiran ee dugsigu waxay ku qoran tahay Ingiriisi.",
            meeting_on: "Kulanku wuxuu dhacay {date}.",
            who_came: "Kuwa yimid",
            suggested: "Waxa kulanku u soo jeediyay golaha deegaanka",
            keep: "Qorshaha sidiisa ha loo hayo.",
            change: "Qorshaha ha la beddelo.",
            stop: "Qorshaha ha la joojiyo.",
            not_yet: "Kulanku weli talo ma soo jeedin.",
            next: "Waxa xiga",
            report_by: "Dugsigu wuxuu warbixintiisa u diri doonaa qof walba ugu dambeyn {date}.",
            decision_by: "Golaha deegaanku wuxuu kuu sheegi doonaa go'aankiisa ugu dambeyn {date}. Haddii aadan ku raacsanayn, waxaad qaadan kartaa racfaan.",
            actions: "Waxa dadku ku heshiiyeen inay qabtaan",
            no_actions: "Wax hawlo ah lama qorin.",
            by: "ugu dambeyn {date}",
            ask: "Haddii wax aan caddayn jiraan, weydii SENCO-ga dugsiga. Waxaad codsan kartaa turjumaan.",
            subject: "Soo koobidda dib-u-eegista sanadlaha ah ee loogu talagalay qoyska",
        },
        Language::English => summary(Language::English),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_word_with_its_placeholders() {
        let english = profile(Language::English);
        let en_d = decision(Language::English);
        for l in Language::ALL {
            let p = profile(l);
            for (w, e) in [
                (p.heading, english.heading),
                (p.title, english.title),
                (p.like_and_admire, english.like_and_admire),
                (p.important, english.important),
                (p.support, english.support),
                (p.empty, english.empty),
                (p.continues, english.continues),
                (p.subject, english.subject),
            ] {
                assert!(!w.trim().is_empty(), "{l:?}");
                assert_eq!(w.contains("{first}"), e.contains("{first}"), "{l:?}: {w}");
                assert!(l == Language::English || w != e, "{l:?} untranslated: {w}");
            }
            let d = decision(l);
            for (w, e) in [
                (d.heading, en_d.heading),
                (d.about, en_d.about),
                (d.maintain, en_d.maintain),
                (d.amend, en_d.amend),
                (d.cease, en_d.cease),
                (d.appeal, en_d.appeal),
                (d.mediation, en_d.mediation),
                (d.help, en_d.help),
                (d.english_is_official, en_d.english_is_official),
            ] {
                assert_eq!(w.contains("{first}"), e.contains("{first}"), "{l:?}: {w}");
                assert_eq!(w.contains("{date}"), e.contains("{date}"), "{l:?}: {w}");
                assert!(l == Language::English || w != e, "{l:?} untranslated: {w}");
            }
        }
        let en_s = summary(Language::English);
        for l in Language::ALL {
            let s = summary(l);
            for (w, e) in [
                (s.title, en_s.title),
                (s.intro, en_s.intro),
                (s.meeting_on, en_s.meeting_on),
                (s.who_came, en_s.who_came),
                (s.suggested, en_s.suggested),
                (s.keep, en_s.keep),
                (s.change, en_s.change),
                (s.stop, en_s.stop),
                (s.not_yet, en_s.not_yet),
                (s.next, en_s.next),
                (s.report_by, en_s.report_by),
                (s.decision_by, en_s.decision_by),
                (s.actions, en_s.actions),
                (s.no_actions, en_s.no_actions),
                (s.by, en_s.by),
                (s.ask, en_s.ask),
                (s.subject, en_s.subject),
            ] {
                assert!(!w.trim().is_empty(), "{l:?}");
                assert_eq!(w.contains("{first}"), e.contains("{first}"), "{l:?}: {w}");
                assert_eq!(w.contains("{date}"), e.contains("{date}"), "{l:?}: {w}");
                assert!(l == Language::English || w != e, "{l:?} untranslated: {w}");
            }
        }
        assert_eq!(
            fill("{first} by {date}", "Aisha", "1 May"),
            "Aisha by 1 May"
        );
    }
}
