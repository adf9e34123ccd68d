# „Twoje zdanie”: ekran rodzica lub opiekuna, po polsku.
# MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW BY A FLUENT SPEAKER.
# Tłumaczenie wspomagane maszynowo; czeka na sprawdzenie przez osobę biegle mówiącą po polsku.

parent-title = Twoje zdanie o dziecku: { $name }
parent-title-plain = Twoje zdanie
parent-skip = Przejdź do pytań
parent-intro = Przed spotkaniem w sprawie przeglądu napisz nam, co myślisz. Możesz napisać dużo albo mało. Twoje notatki zapisują się same i możesz je zmienić w każdej chwili.
parent-interpreter-hint = Możesz pisać w dowolnym języku. Szkoła może poprosić tłumacza, żeby pomógł przeczytać to, co napiszesz.
parent-no-review = Szkoła nie rozpoczęła jeszcze przeglądu, więc na razie nie ma tu nic do wypełnienia. Szkoła da ci znać, kiedy to zrobi.
parent-no-parent = Szkoła nie dodała jeszcze rodzica ani opiekuna do tego przeglądu. Nadal możesz napisać, co się sprawdza, a co nie. Aby odpowiedzieć na pozostałe pytania, poproś szkołę, żeby cię dodała.
parent-who = Kto pisze?

parent-q-like-and-admire = Co lubisz i podziwiasz w swoim dziecku?
parent-q-working = Co dobrze się sprawdza u twojego dziecka?
parent-q-not-working = Co się nie sprawdza albo co cię martwi?
parent-q-important-to-future = Co jest ważne dla twojego dziecka w przyszłości?
parent-q-questions = O co chcesz zapytać na spotkaniu?

parent-hint-like-and-admire = Na przykład: w czym jest dobre albo z czego jesteś dumny lub dumna.
parent-hint-working = W szkole, w domu albo gdziekolwiek indziej.
parent-hint-not-working = Wszystko, co jest trudne dla twojego dziecka albo dla twojej rodziny.
parent-hint-important-to-future = Nadzieje dziecka na później: nauka, praca, dom, przyjaciele i zdrowie.
parent-hint-questions = Zapisz swoje pytania, żeby nie zapomnieć o nich w dniu spotkania.

parent-add-like-and-admire = Dodaj coś, co lubisz i podziwiasz
parent-add-working = Dodaj coś, co dobrze się sprawdza
parent-add-not-working = Dodaj coś, co się nie sprawdza albo cię martwi
parent-add-important-to-future = Dodaj coś ważnego dla przyszłości dziecka
parent-add-questions = Dodaj pytanie na spotkanie

parent-note = { $question }, notatka { $n }
parent-nothing-yet = Nic tu jeszcze nie napisano.
