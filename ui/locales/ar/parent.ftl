# "آراؤكم": شاشة الوالدين أو مقدّم الرعاية، باللغة العربية.
# MACHINE-ASSISTED TRANSLATION, AWAITING REVIEW BY A FLUENT SPEAKER.
# هذه ترجمة بمساعدة الآلة، وهي بانتظار مراجعة متحدّث يجيد العربية.

parent-title = آراؤكم حول { $name }
parent-title-plain = آراؤكم
parent-skip = الانتقال إلى الأسئلة
parent-intro = أخبرونا برأيكم قبل اجتماع المراجعة. اكتبوا ما تشاؤون، قليلًا كان أو كثيرًا. تُحفَظ ملاحظاتكم تلقائيًا، ويمكنكم تغييرها في أي وقت.
parent-interpreter-hint = يمكنكم الكتابة بأي لغة. قد تستعين المدرسة بمترجم ليساعدها على قراءة ما كتبتم.
parent-no-review = لم تبدأ المدرسة المراجعة بعد، لذلك لا يوجد هنا ما تملؤونه الآن. ستخبركم المدرسة عندما تبدأ.
parent-no-parent = لم تُضِف المدرسة بعدُ أحد الوالدين أو مقدّم رعاية إلى هذه المراجعة. ما زال بإمكانكم أن تكتبوا ما يسير بشكل جيد وما لا يسير. اطلبوا من المدرسة أن تضيفكم لتظهر لكم بقية الأسئلة.
parent-who = مَن يكتب؟

parent-q-like-and-admire = ما الذي تحبّونه وتُعجَبون به في طفلكم؟
parent-q-working = ما الذي يسير بشكل جيد لطفلكم؟
parent-q-not-working = ما الذي لا يسير بشكل جيد، أو يقلقكم؟
parent-q-important-to-future = ما المهمّ لطفلكم في المستقبل؟
parent-q-questions = ماذا تودّون أن تسألوا في الاجتماع؟

parent-hint-like-and-admire = مثلًا: ما الذي يُجيده طفلكم، أو ما الذي يجعلكم فخورين به.
parent-hint-working = في المدرسة، أو في البيت، أو في أي مكان آخر.
parent-hint-not-working = أي شيء صعب على طفلكم أو على عائلتكم.
parent-hint-important-to-future = آمال طفلكم لما بعد: التعلّم، والعمل، والسكن، والأصدقاء، والصحة.
parent-hint-questions = اكتبوا أسئلتكم حتى لا تنسوها يوم الاجتماع.

parent-add-like-and-admire = أضيفوا شيئًا تحبّونه وتُعجَبون به
parent-add-working = أضيفوا شيئًا يسير بشكل جيد
parent-add-not-working = أضيفوا شيئًا لا يسير بشكل جيد أو يقلقكم
parent-add-important-to-future = أضيفوا شيئًا مهمًّا لمستقبل طفلكم
parent-add-questions = أضيفوا سؤالًا للاجتماع

parent-note = { $question }، الملاحظة { $n }
parent-nothing-yet = لم يُكتب هنا شيء بعد.
