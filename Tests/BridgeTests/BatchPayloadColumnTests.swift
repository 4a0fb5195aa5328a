import Common
import L2Runtime
import Testing

@testable import Bridge

@Suite("payload columns: every kind is split, ids go through the batch's tables, damage is refused")
struct BatchPayloadColumnTests {
    /// The columns of a one-block batch holding `transactions`, by name.
    static func columns(_ transactions: [SignedTransaction]) throws -> (names: [String], columns: [[UInt8]]) {
        let columns = try BatchRejectionTests.columns(transactions)
        let names = BatchFormat.columnNames(kinds: Set(transactions.map(\.transaction.kind)))
        #expect(names.count == columns.count)
        return (names, columns)
    }

    @Test(
        "a well-formed payload of every kind is split into field columns, none carried raw",
        arguments: TransactionKind.allCases.indices)
    func everyKindSplits(kindIndex: Int) throws {
        let kind = TransactionKind.allCases[kindIndex]
        var random = SplitMix64(seed: UInt64(kindIndex))
        let key = BatchFixtures.keys[3].publicKey
        let transactions = (0..<6).map { nonce in
            BatchFixtures.transaction(
                .key(key), nonce: UInt64(nonce), kind: kind,
                payload: BatchFixtures.randomPayload(kind, &random, time: 1_760_000_000_000))
        }
        let (names, columns) = try Self.columns(transactions)
        let raw = try #require(names.firstIndex(of: "\(kind.name).raw"))
        #expect(columns[raw] == [0])
        let blocks = [BatchFixtures.block(after: nil, transactions)]
        let section = try BatchEncoder().columnSection(blocks)
        let decoded = try BatchDecoder().contents(fromColumns: section)
        #expect(decoded == BatchFixtures.contents(blocks))
        #expect(try BatchEncoder().columnSection(decoded) == section)
    }

    @Test("a repeated id is stored once in its table; later uses are positions")
    func repeatedIDsAreTabled() throws {
        let key = BatchFixtures.keys[4].publicKey
        let zone = Hash(bytes: [UInt8](repeating: 0xC1, count: 32))!
        let engine = Hash(bytes: [UInt8](repeating: 0xE1, count: 32))!
        let resource = Hash(bytes: [UInt8](repeating: 0xD1, count: 32))!
        let execution = Hash(bytes: [UInt8](repeating: 0xEE, count: 32))!
        let request = RequestExecutionPayload(
            zone: zone, engine: engine, resources: [resource], paramsHash: .zero, payment: 10,
            deadlineMillis: 1_760_000_060_000)
        let started = ReportExecutionPayload(execution: execution, status: .started, evidenceHash: .zero)
        let delivered = ReportExecutionPayload(
            execution: execution, status: .delivered, consumed: [resource], evidenceHash: .zero)
        let transactions = [
            BatchFixtures.transaction(.key(key), nonce: 0, kind: .requestExecution, payload: request.canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 1, kind: .requestExecution, payload: request.canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 2, kind: .reportExecution, payload: started.canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 3, kind: .reportExecution, payload: delivered.canonicalBytes),
        ]
        let (names, columns) = try Self.columns(transactions)
        func column(_ name: String) throws -> [UInt8] { columns[try #require(names.firstIndex(of: name))] }
        #expect(try column("ids.zones") == [1] + zone.bytes)
        #expect(try column("ids.resources") == [2] + engine.bytes + resource.bytes)
        #expect(try column("ids.executions") == [1] + execution.bytes)
        #expect(try column("requestExecution.zone") == [0, 0])
        #expect(try column("requestExecution.resources") == [1, 1])
        #expect(try column("requestExecution.deadline") == [0xC0, 0xA9, 0x07, 0xC0, 0xA9, 0x07])  // +60,000 ms
        // Positions 0 and 1 are the two requests' own orders (derived, not stored); the stored id comes after.
        #expect(try column("reportExecution.execution") == [2, 2])
        #expect(try column("reportExecution.consumed") == [1])
    }

    @Test("an order requested in the same batch is named by its request: its id is derived, not stored")
    func sameBatchOrdersAreDerived() throws {
        let key = BatchFixtures.keys[4].publicKey
        let zone = Hash(bytes: [UInt8](repeating: 0xC1, count: 32))!
        let engine = Hash(bytes: [UInt8](repeating: 0xE1, count: 32))!
        let earlier = Hash(bytes: [UInt8](repeating: 0xEE, count: 32))!
        func request(_ payment: Amount) -> [UInt8] {
            RequestExecutionPayload(
                zone: zone, engine: engine, resources: [], paramsHash: .zero, payment: payment, deadlineMillis: 1
            ).canonicalBytes
        }
        func report(_ execution: Hash) -> [UInt8] {
            ReportExecutionPayload(execution: execution, status: .started, evidenceHash: .zero).canonicalBytes
        }
        var transactions = [
            BatchFixtures.transaction(.key(key), nonce: 0, kind: .requestExecution, payload: request(10)),
            BatchFixtures.transaction(.index(AccountIndex(3)), nonce: 5, kind: .requestExecution, payload: request(20)),
            // A request whose payload does not decode still heads the table: its id is derivable all the same.
            BatchFixtures.transaction(.key(key), nonce: 1, kind: .requestExecution, payload: [7]),
        ]
        let ids = transactions.map { RecordID.derive(RecordID.execution, transaction: $0.hash) }
        transactions += [
            BatchFixtures.transaction(.key(key), nonce: 2, kind: .reportExecution, payload: report(ids[1])),
            BatchFixtures.transaction(.key(key), nonce: 3, kind: .reportExecution, payload: report(earlier)),
            BatchFixtures.transaction(
                .key(key), nonce: 4, kind: .cancelExecution,
                payload: CancelExecutionPayload(execution: ids[0]).canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 5, kind: .reportExecution, payload: report(ids[2])),
        ]
        let (names, columns) = try Self.columns(transactions)
        func column(_ name: String) throws -> [UInt8] { columns[try #require(names.firstIndex(of: name))] }
        #expect(try column("ids.executions") == [1] + earlier.bytes)
        #expect(try column("reportExecution.execution") == [1, 3, 2])
        #expect(try column("cancelExecution.execution") == [0])
        let blocks = [BatchFixtures.block(after: nil, transactions)]
        let section = try BatchEncoder().columnSection(blocks)
        #expect(try BatchDecoder().contents(fromColumns: section) == BatchFixtures.contents(blocks))

        // Storing a derived id is not canonical, nor is naming a position past the table.
        func refused(_ name: String, _ change: (inout [UInt8]) -> Void) throws {
            var damaged = columns
            change(&damaged[try #require(names.firstIndex(of: name))])
            #expect {
                try BatchDecoder().contents(fromColumns: BatchRejectionTests.section(damaged))
            } throws: { error in
                guard case .column(let column, _) = error as? BatchDecodingError else { return false }
                return column == name
            }
        }
        try refused("ids.executions") { $0 = [1] + ids[1].bytes }
        try refused("reportExecution.execution") { $0 = [1, 4, 2] }
    }

    @Test("damaged payload columns and id tables are refused, naming the column")
    func damagedColumns() throws {
        let key = BatchFixtures.keys[5].publicKey
        let zone = Hash(bytes: [UInt8](repeating: 0xC1, count: 32))!
        let engine = Hash(bytes: [UInt8](repeating: 0xE1, count: 32))!
        let request = RequestExecutionPayload(
            zone: zone, engine: engine, resources: [Hash(bytes: [UInt8](repeating: 2, count: 32))!], paramsHash: .zero,
            payment: 10, deadlineMillis: 5)
        let report = ReportExecutionPayload(execution: .zero, status: .started, evidenceHash: .zero)
        let join = JoinZonePayload(zone: zone)
        let transactions = [
            BatchFixtures.transaction(.key(key), nonce: 0, kind: .requestExecution, payload: request.canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 1, kind: .reportExecution, payload: report.canonicalBytes),
            BatchFixtures.transaction(.key(key), nonce: 2, kind: .joinZone, payload: join.canonicalBytes),
        ]
        let (names, good) = try Self.columns(transactions)
        #expect(try BatchDecoder().contents(fromColumns: BatchRejectionTests.section(good)).blocks.count == 1)
        func index(_ name: String) -> Int { names.firstIndex(of: name) ?? -1 }
        func refused(_ column: String, as expected: String? = nil, _ change: (inout [UInt8]) -> Void) {
            var columns = good
            change(&columns[index(column)])
            #expect {
                try BatchDecoder().contents(fromColumns: BatchRejectionTests.section(columns))
            } throws: { error in
                guard case .column(let name, _) = error as? BatchDecodingError else { return false }
                return name == (expected ?? column)
            }
        }
        refused("ids.zones") {
            $0 += zone.bytes; $0[0] = 2
        }  // the same id twice
        refused("ids.zones") {
            $0 += [UInt8](repeating: 9, count: 32); $0[0] = 2
        }  // an id never used
        refused("ids.zones") { $0[0] = 200 }  // more ids than the column holds
        refused("ids.zones", as: "joinZone.zone") { $0 = [0] }  // a position past an empty table
        refused("requestExecution.engine") { $0 = [1] }  // not the next new entry
        refused("requestExecution.resourceCount") { $0 = [17] }  // above the 16-resource cap
        refused("requestExecution.resourceCount", as: "requestExecution.resources") { $0 = [0] }  // one left over
        refused("requestExecution.deadline") { $0 = [0xFF] }  // truncated varint
        refused("reportExecution.status") { $0 = [9] }  // no such status
        refused("reportExecution.execution") { $0 = [2] }  // past the derived order and the stored one
        refused("reportExecution.evidence") { $0.removeLast() }
        refused("joinZone.member") { $0 = [2] }  // member flag is 0 or 1
        refused("joinZone.member", as: "joinZone.resource") { $0 = [1] }  // a resource position that is not there
        refused("requestExecution.raw") { $0 = [1, 0, UInt8(request.canonicalBytes.count)] + request.canonicalBytes }
    }
}
