import Common
import Foundation
import L1App
import L1Consensus
import Testing

@testable import L1Node

@Suite("RPC routes over HTTP on 127.0.0.1: each route's JSON shape", .timeLimit(.minutes(1)))
struct RPCRoutesTests {
    @Test("health, status and net_info answer with CometBFT's keys")
    func nodeRoutes() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let health = try await client.getJSON("/health")
            #expect(health.status == .ok)
            #expect(health.object["jsonrpc"] as? String == "2.0")
            #expect(health.object["id"] as? Int == -1, "URI requests are answered with id -1, as in CometBFT")
            #expect(health.result.isEmpty)

            let status = try await client.getJSON("/status").result
            #expect(keys(status) == ["node_info", "sync_info", "validator_info"])
            #expect(
                keys(status["node_info"])
                    == ["protocol_version", "id", "listen_addr", "network", "version", "moniker"])
            let sync = try #require(status["sync_info"] as? [String: Any])
            #expect(sync["latest_block_height"] as? String == "3")
            #expect(sync["earliest_block_height"] as? String == "1")
            #expect(isUpperHex(sync["latest_block_hash"], bytes: 32))
            #expect(isUpperHex(sync["latest_app_hash"], bytes: 32))
            #expect(sync["latest_block_time"] as? String == "2023-11-14T22:13:24.5Z")
            #expect(sync["catching_up"] as? Bool == false)
            let validator = try #require(status["validator_info"] as? [String: Any])
            #expect(keys(validator) == ["address", "pub_key", "voting_power"])
            #expect(isUpperHex(validator["address"], bytes: 20))
            #expect(keys(validator["pub_key"]) == ["type", "value"])

            let net = try await client.getJSON("/net_info").result
            #expect(keys(net) == ["listening", "listeners", "n_peers", "peers"])
            #expect(net["n_peers"] as? String == "1")
            let peer = try #require((net["peers"] as? [[String: Any]])?.first)
            #expect(keys(peer) == ["node_info", "is_outbound", "remote_ip", "connection_status"])
            #expect(peer["remote_ip"] as? String == "10.0.0.2")
            #expect(peer["is_outbound"] as? Bool == true)
        }
    }

    @Test("block, block_results and commit carry headers, txs, results and signatures")
    func chainRoutes() async throws {
        let harness = try RPCTestHarness()
        let stored = try await harness.backend.block(at: Height(2))
        try await harness.withClient { client in
            let result = try await client.getJSON("/block?height=2").result
            #expect(keys(result) == ["block_id", "block"])
            #expect((result["block_id"] as? [String: Any])?["hash"] as? String == RPCEncoding.hex(stored.id.hash))
            let block = try #require(result["block"] as? [String: Any])
            #expect(keys(block) == ["header", "data", "evidence", "last_commit"])
            let header = try #require(block["header"] as? [String: Any])
            #expect(
                keys(header) == [
                    "chain_id", "height", "time", "last_block_id", "last_commit_hash", "data_hash", "validators_hash",
                    "next_validators_hash", "app_hash", "last_results_hash", "evidence_hash", "proposer_address",
                ])
            #expect(header["height"] as? String == "2")
            #expect(header["data_hash"] as? String == RPCEncoding.hex(stored.header.dataHash))
            let txs = try #require((block["data"] as? [String: Any])?["txs"] as? [String])
            #expect(txs.map { Data(base64Encoded: $0).map { Array($0) } } == stored.transactions.map { $0 })
            let lastCommit = try #require(block["last_commit"] as? [String: Any])
            #expect(lastCommit["height"] as? String == "1")
            let signatures = try #require(lastCommit["signatures"] as? [[String: Any]])
            #expect(signatures.map { $0["block_id_flag"] as? Int } == [2, 1, 3])
            #expect(isUpperHex(signatures[0]["validator_address"], bytes: 20), "signers are named from the set")
            #expect(signatures[1]["signature"] is NSNull)

            let latest = try await client.getJSON("/block").result
            #expect(((latest["block"] as? [String: Any])?["header"] as? [String: Any])?["height"] as? String == "3")
            let first = try await client.getJSON("/block?height=1").result
            #expect((first["block"] as? [String: Any])?["last_commit"] is NSNull)

            let results = try await client.getJSON("/block_results?height=2").result
            #expect(
                keys(results) == ["height", "txs_results", "finalize_block_events", "validator_updates", "app_hash"])
            let txResult = try #require((results["txs_results"] as? [[String: Any]])?.first)
            #expect(keys(txResult) == ["code", "data", "log", "codespace", "events"])
            let event = try #require((txResult["events"] as? [[String: Any]])?.first)
            #expect(event["type"] as? String == "transfer")
            #expect(keys((event["attributes"] as? [[String: Any]])?.first) == ["key", "value", "index"])
            let update = try #require((results["validator_updates"] as? [[String: Any]])?.first)
            #expect(keys(update) == ["pub_key", "power"])
            #expect(update["power"] as? String == "20")

            let commit = try await client.getJSON("/commit?height=2").result
            #expect(keys(commit) == ["signed_header", "canonical"])
            #expect(keys(commit["signed_header"]) == ["header", "commit"])
            #expect(commit["canonical"] as? Bool == true)
            let latestCommit = try await client.getJSON("/commit").result
            #expect(latestCommit["canonical"] as? Bool == false, "the latest block's commit is the seen commit")
        }
    }

    @Test("validators pages through the set; genesis returns the stored document")
    func validatorsAndGenesis() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let all = try await client.getJSON("/validators?height=1").result
            #expect(keys(all) == ["block_height", "validators", "count", "total"])
            #expect(all["count"] as? String == "3")
            #expect(all["total"] as? String == "3")
            let first = try #require((all["validators"] as? [[String: Any]])?.first)
            #expect(keys(first) == ["address", "pub_key", "voting_power", "proposer_priority"])
            #expect(first["voting_power"] as? String == "10")

            let page = try await client.getJSON("/validators?page=2&per_page=2").result
            #expect(page["count"] as? String == "1")
            #expect(page["block_height"] as? String == "3")
            let beyond = try await client.getJSON("/validators?page=3&per_page=2")
            #expect(beyond.errorCode == -32602)

            let genesis = try await client.getJSON("/genesis").result
            let document = try #require(genesis["genesis"] as? [String: Any])
            #expect(document["chain_id"] as? String == "strata-rpc-test")
        }
    }

    @Test("broadcast_tx_sync, _async and _commit report the check, the hash and the inclusion")
    func broadcasts() async throws {
        let harness = try RPCTestHarness()
        harness.backend.state.withLock { $0.commitOnAdmit = false }
        try await harness.withClient { client in
            let sync = try await client.getJSON("/broadcast_tx_sync?tx=0x0102")
            #expect(keys(sync.result) == ["code", "data", "log", "codespace", "hash"])
            #expect(sync.result["code"] as? Int == 0)
            #expect(sync.result["hash"] as? String == RPCEncoding.hex(Hash.blake2b([1, 2])))

            let async = try await client.getJSON("/broadcast_tx_async?tx=%22hello%22")
            #expect(async.result["hash"] as? String == RPCEncoding.hex(Hash.blake2b(Array("hello".utf8))))

            let pending = try await client.getJSON("/unconfirmed_txs?limit=1").result
            #expect(keys(pending) == ["n_txs", "total", "total_bytes", "txs"])
            #expect(pending["n_txs"] as? String == "1")
            #expect(pending["total"] as? String == "2")
            #expect(pending["total_bytes"] as? String == "7")
            #expect(pending["txs"] as? [String] == ["AQI="])
            let count = try await client.getJSON("/num_unconfirmed_txs").result
            #expect(count["total"] as? String == "2")
            #expect(count["txs"] is NSNull)

            harness.backend.state.withLock { $0.commitOnAdmit = true }
            let commit = try await client.getJSON("/broadcast_tx_commit?tx=0xAABBCC")
            #expect(keys(commit.result) == ["check_tx", "tx_result", "hash", "height"])
            #expect(commit.result["height"] as? String == "4")
            #expect(keys(commit.result["check_tx"]) == ["code", "data", "log", "codespace"])
            #expect((commit.result["tx_result"] as? [String: Any])?["code"] as? Int == 0)

            harness.backend.state.withLock { $0.checkCode = .feeTooLow }
            let refused = try await client.getJSON("/broadcast_tx_commit?tx=0xDD")
            #expect(refused.result["height"] as? String == "0")
            let check = try #require(refused.result["check_tx"] as? [String: Any])
            #expect(check["code"] as? Int == 6)
            #expect(check["codespace"] as? String == "fee_too_low")
            #expect(check["log"] as? String == "fee 10ustrata below minimum 250ustrata")
        }
    }

    @Test("tx returns the transaction and, with prove=true, a proof against the block's data hash")
    func txWithProof() async throws {
        let harness = try RPCTestHarness()
        let block = try await harness.backend.block(at: Height(2))
        let tx = block.transactions[1]
        let hash = RPCEncoding.hex(Hash.blake2b(tx))
        try await harness.withClient { client in
            let plain = try await client.getJSON("/tx?hash=0x\(hash)").result
            #expect(keys(plain) == ["hash", "height", "index", "tx_result", "tx"], "no proof unless asked")
            #expect(plain["height"] as? String == "2")
            #expect(plain["index"] as? Int == 1)

            let proven = try await client.getJSON("/tx?hash=\(hash)&prove=true").result
            let proof = try #require(proven["proof"] as? [String: Any])
            #expect(keys(proof) == ["root_hash", "data", "proof"])
            #expect(proof["root_hash"] as? String == RPCEncoding.hex(block.header.dataHash))
            let merkle = try #require(proof["proof"] as? [String: Any])
            #expect(keys(merkle) == ["total", "index", "leaf_hash", "aunts"])
            let aunts = try #require(merkle["aunts"] as? [String]).compactMap { Hash(hex: $0) }
            let rebuilt = MerkleListProof(index: 1, count: 2, path: aunts)
            #expect(rebuilt.verify(item: tx, root: block.header.dataHash), "the proof verifies against data_hash")
        }
    }

    @Test("abci_query passes path, hex data, height and prove, and returns the value with its proof")
    func abciQuery() async throws {
        let harness = try RPCTestHarness()
        try await harness.withClient { client in
            let answer = try await client.getJSON("/abci_query?path=%22/account%22&data=0xABCD&height=2&prove=true")
            let response = try #require(answer.result["response"] as? [String: Any])
            #expect(keys(response) == ["code", "log", "codespace", "key", "value", "proof_ops", "height"])
            #expect(response["key"] as? String == "q80=")
            #expect(response["value"] as? String == "AQID")
            #expect(response["height"] as? String == "2")
            let op = try #require(((response["proof_ops"] as? [String: Any])?["ops"] as? [[String: Any]])?.first)
            #expect(op["type"] as? String == "strata/smt")

            let unknown = try await client.getJSON("/abci_query?path=%22/nothing%22").result
            let failed = try #require(unknown["response"] as? [String: Any])
            #expect(failed["code"] as? Int == 10)
            #expect(failed["codespace"] as? String == "unknown_query_path")
        }
    }
}
