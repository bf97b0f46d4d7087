import RecEngine

/// Keys → actions. One key at a time through `KeyMap`, or a batch of keys that arrived together
/// (typed ahead, held down, pasted), coalesced so the expensive part runs once: characters typed into
/// a search become one edit, and a run of cursor moves in Users switches the user once, at the end.
extension Explorer {
    /// What keys mean now: too small, help, search or normal.
    var inputMode: KeyMap.Mode {
        if layout.isTooSmall { return .tooSmall }
        if commandLine.text != nil { return .command }
        if searching != nil || intentPrompt != nil { return .search }
        return helpShown || logShown ? .help : .normal
    }

    public func handle(_ key: Key) -> Bool {
        guard let action = KeyMap.action(for: key, mode: inputMode) else { return true }
        return perform(action)
    }

    public func handle(batch keys: [Key]) -> Bool {
        var index = 0
        while index < keys.count {
            let mode = inputMode
            if mode == .search || mode == .command, case .character = keys[index] {
                var text = ""
                while index < keys.count, case .character(let c) = keys[index] { text.append(c); index += 1 }
                perform(mode == .search ? .searchInsert(text) : .commandInsert(text))
                continue
            }
            if mode == .normal, focus == .users, Explorer.userStep(keys[index]) != nil {
                var rows = 0
                while index < keys.count, let step = Explorer.userStep(keys[index]) { rows += step; index += 1 }
                perform(.moveCursor(rows))
                continue
            }
            if !handle(keys[index]) { return false }
            index += 1
        }
        return true
    }

    /// Rows a key moves the cursor by (↑↓ j k), nil for any other key.
    static func userStep(_ key: Key) -> Int? {
        switch key {
        case .up, .character("k"): -1
        case .down, .character("j"): 1
        default: nil
        }
    }
}

extension Explorer {
    /// Hints for the hint line: what the keys do in the focused pane and mode, most useful first.
    /// ("? help  q quit" is added at the right end by the status bar and never cut.)
    var keyHints: [String] {
        var hints: [String] = []
        if zoomed != nil { hints.append("z unzoom") }
        if algorithm == .hybrid && (focus == .rankings || focus == .inspector) { hints += ["{ } component", "- + weight"] }
        if isComparing && focus == .rankings { hints += ["C 2nd algorithm", "c close"] }
        switch focus {
        case .users: hints += ["Enter open", "j k user", "/ search", "s sort", "n new user"]
        case .items: hints += ["Enter click", "/ search", "u undo"]
        case .rankings: hints += ["Enter click", "u undo", "r reset"]
        case .inspector: hints += ["Enter click neighbour", "u undo"]
        case .profile: hints += map.isShown ? ["m profile"] : ["Enter click again", "m map"]
        }
        hints += ["a algorithm", "[ ] decay"]
        if !isComparing && focus == .rankings { hints.append("c compare") }
        hints += [": command", "Tab pane"] + (zoomed == nil ? ["z zoom"] : []) + ["y reproduce", "L log"]
        return hints
    }
}
