/// A term as an evaluation holds it: an integer as itself, an atom or a string by its number in the
/// evaluation's symbol table. Two values are the same term exactly when they are equal, so joins compare
/// and hash two words instead of strings. Only integers are ordered (`<` and the like fail on symbols,
/// as they do on atoms and strings), so symbol numbers never decide an order.
enum RuleValue: Hashable, Sendable {
    case integer(Int64)
    case symbol(Int)
}
