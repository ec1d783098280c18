-- The verb a figure hangs from ("will start operating in 2025": operate): a year said of the same subject
-- and measure with the same verb is the same plan moved, a change even when the article does not say so.
ALTER TABLE metrics ADD COLUMN predicate VARCHAR;
