# "Your views": the parent's or carer's screen, in British English: the source every translation follows.
# Short sentences and everyday words: many parents are learning English. Every key starts with "parent-".
# Shared words come from young-person.ftl: language, translation-note, saved, not-saved, add, remove, remove-item, finished.

parent-title = Your views about { $name }
parent-title-plain = Your views
parent-skip = Skip to the questions
parent-intro = Please tell us what you think before the review meeting. Write as much or as little as you like. Your notes save by themselves, and you can change them at any time.
parent-interpreter-hint = You can write in any language. The school may ask an interpreter to help them read what you wrote.
parent-no-review = The school has not started a review yet, so there is nothing to fill in here. The school will tell you when it does.
parent-no-parent = The school has not added a parent or carer to this review yet. You can still say what is working and what is not. Ask the school to add you for the other questions.
parent-who = Who is writing?

parent-q-like-and-admire = What do you like and admire about your child?
parent-q-working = What is working well for your child?
parent-q-not-working = What is not working, or worrying you?
parent-q-important-to-future = What is important to your child for the future?
parent-q-questions = What would you like to ask at the meeting?

parent-hint-like-and-admire = For example, what they are good at, or what makes you proud.
parent-hint-working = At school, at home, or anywhere else.
parent-hint-not-working = Anything that is hard for your child or for your family.
parent-hint-important-to-future = Their hopes for later: learning, work, home, friends and health.
parent-hint-questions = Write your questions down, so you do not forget them on the day.

parent-add-like-and-admire = Add something you like and admire
parent-add-working = Add something that is working well
parent-add-not-working = Add something that is not working or worries you
parent-add-important-to-future = Add something important for their future
parent-add-questions = Add a question for the meeting

parent-note = { $question }, note { $n }
parent-nothing-yet = Nothing written here yet.
