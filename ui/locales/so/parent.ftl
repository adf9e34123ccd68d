# "Fikradahaaga": bogga waalidka ama daryeelaha, af Soomaali.
# MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW BY A FLUENT SPEAKER.
# Tarjumaad mashiin lagu caawiyay; waxay sugaysaa in uu hubiyo qof si fiican ugu hadla af Soomaaliga.

parent-title = Fikradahaaga ku saabsan { $name }
parent-title-plain = Fikradahaaga
parent-skip = U gudub su'aalaha
parent-intro = Fadlan noo sheeg waxaad u malaynayso ka hor kulanka dib-u-eegista. Wax badan ama wax yar qor, sidaad doonto. Qoraalladaadu si iskood ah ayay u kaydsamaan, waxaadna beddeli kartaa wakhti kasta.
parent-interpreter-hint = Waxaad ku qori kartaa luqad kasta. Dugsigu wuxuu weydiisan karaa turjubaan si uu uga caawiyo akhrinta waxaad qortay.
parent-no-review = Dugsigu weli ma bilaabin dib-u-eegista, sidaas darteed halkan hadda wax la buuxiyo ma jiraan. Dugsigu wuu kuu sheegi doonaa marka uu bilaabo.
parent-no-parent = Dugsigu weli kuma darin dib-u-eegistan waalid ama daryeele. Weli waad sheegi kartaa waxa si fiican u socda iyo waxa aan u socon. Su'aalaha kale, dugsiga ka codso inuu ku daro.
parent-who = Yaa qoraya?

parent-q-like-and-admire = Maxaad ka jeceshahay oo aad ku qiimaysaa ilmahaaga?
parent-q-working = Maxaa si fiican ugu socda ilmahaaga?
parent-q-not-working = Maxaa aan si fiican u socon, ama maxaa ku walwal gelinaya?
parent-q-important-to-future = Maxaa muhiim u ah ilmahaaga mustaqbalka?
parent-q-questions = Maxaad jeclaan lahayd inaad ku weydiiso kulanka?

parent-hint-like-and-admire = Tusaale ahaan, waxa uu ku fiican yahay, ama waxa aad ku faanto.
parent-hint-working = Dugsiga, guriga, ama meel kale.
parent-hint-not-working = Wax kasta oo ku adag ilmahaaga ama qoyskaaga.
parent-hint-important-to-future = Rajada ilmaha ee mustaqbalka: waxbarasho, shaqo, guri, saaxiibo iyo caafimaad.
parent-hint-questions = Su'aalahaaga qor, si aadan u illoobin maalinta kulanka.

parent-add-like-and-admire = Ku dar wax aad jeceshahay oo aad qiimayso
parent-add-working = Ku dar wax si fiican u socda
parent-add-not-working = Ku dar wax aan si fiican u socon ama ku walwal gelinaya
parent-add-important-to-future = Ku dar wax muhiim u ah mustaqbalka ilmaha
parent-add-questions = Ku dar su'aal aad kulanka ku weydiinayso

parent-note = { $question }, qoraal { $n }
parent-nothing-yet = Weli halkan waxba laguma qorin.
