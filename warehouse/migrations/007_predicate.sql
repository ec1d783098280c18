-- What a figure's clause says is done ("will start operating in 2025": operate; "aims to commercialise in
-- 2029": commercialisation): a year said of the same subject and measure with the same one is the same
-- plan moved, a change even when the article does not say so.
ALTER TABLE metrics ADD COLUMN predicate VARCHAR;
