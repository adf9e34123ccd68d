# „Părerea dumneavoastră”: ecranul părintelui sau al îngrijitorului, în limba română.
# MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW BY A FLUENT SPEAKER.
# Traducere asistată automat; așteaptă verificarea unui vorbitor fluent de limba română.

parent-title = Părerea dumneavoastră despre { $name }
parent-title-plain = Părerea dumneavoastră
parent-skip = Mergeți la întrebări
parent-intro = Vă rugăm să ne spuneți ce credeți înainte de întâlnirea de evaluare. Scrieți cât de mult sau cât de puțin doriți. Notițele se salvează singure și le puteți schimba oricând.
parent-interpreter-hint = Puteți scrie în orice limbă. Școala poate cere ajutorul unui interpret ca să citească ce ați scris.
parent-no-review = Școala nu a început încă evaluarea, așa că deocamdată nu este nimic de completat aici. Școala vă va anunța când o începe.
parent-no-parent = Școala nu a adăugat încă un părinte sau un îngrijitor la această evaluare. Puteți totuși să spuneți ce merge bine și ce nu. Pentru celelalte întrebări, rugați școala să vă adauge.
parent-who = Cine scrie?

parent-q-like-and-admire = Ce vă place și ce admirați la copilul dumneavoastră?
parent-q-working = Ce merge bine pentru copilul dumneavoastră?
parent-q-not-working = Ce nu merge bine sau ce vă îngrijorează?
parent-q-important-to-future = Ce este important pentru copilul dumneavoastră în viitor?
parent-q-questions = Ce ați vrea să întrebați la întâlnire?

parent-hint-like-and-admire = De exemplu, la ce se pricepe sau ce vă umple de mândrie.
parent-hint-working = La școală, acasă sau în orice alt loc.
parent-hint-not-working = Orice lucru greu pentru copilul sau pentru familia dumneavoastră.
parent-hint-important-to-future = Speranțele copilului pentru mai târziu: învățătură, muncă, locuință, prieteni și sănătate.
parent-hint-questions = Notați-vă întrebările, ca să nu le uitați în ziua întâlnirii.

parent-add-like-and-admire = Adăugați ceva ce vă place și admirați
parent-add-working = Adăugați ceva ce merge bine
parent-add-not-working = Adăugați ceva ce nu merge bine sau vă îngrijorează
parent-add-important-to-future = Adăugați ceva important pentru viitorul copilului
parent-add-questions = Adăugați o întrebare pentru întâlnire

parent-note = { $question }, notița { $n }
parent-nothing-yet = Încă nu este nimic scris aici.
