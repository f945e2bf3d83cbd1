"""text.last_words, which a rule reads per trigger, gives what a split of the whole text gives."""

from extract import text


def test_last_words_are_those_of_the_whole_split():
    # the words before a trigger in a sample sentence, «ضمن» (reference_before) among them
    prefix = "وقال ناشطون إن الغارات جاءت ضمن خروقات و هدنة "
    for cut in range(len(prefix) + 1):
        for n in range(5):
            assert text.last_words(prefix[:cut], n) == [w for w in prefix[:cut].split() if len(w) > 1][-n:]
