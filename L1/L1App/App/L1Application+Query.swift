import Common

extension L1Application {
    /// The query paths served.
    static let queryPaths = "/account/<bech32 address>, /params"

    /// Serves `/account/<bech32 address>` (the ``Account`` record, absent if the address never held anything)
    /// and `/params` (the ``BankParams``). Values are canonical bytes, exactly as stored, so that with
    /// `prove` the ``StateProof`` verifies them against the app hash of the answered height:
    /// `proof.verify(path: key, value: value, root: appHash)`.
    public func query(_ request: QueryRequest) throws(ApplicationError) -> QueryResponse {
        guard chain != nil, let latest = tree.latestVersion, let oldest = tree.oldestVersion else {
            return .failure(.heightUnavailable, "no state yet: the chain has no genesis")
        }
        let height = request.height == 0 ? latest : request.height
        guard height >= oldest, height <= latest else {
            return .failure(
                .heightUnavailable,
                "height \(request.height) is not available: the state is kept from height \(oldest) to \(latest)")
        }
        let key: StateKey
        do {
            key = try Self.route(request.path)
        } catch {
            return .failure(error.code, error.log)
        }
        do {
            let value = try tree.value(key, version: height)
            let proof = request.prove ? try tree.proof(for: key.path, version: height) : nil
            return QueryResponse(code: .ok, log: "", key: key.path.bytes, value: value, proof: proof, height: height)
        } catch {
            throw .storage(error)
        }
    }

    /// Why a query path names no state key.
    private struct RouteFailure: Error {
        let code: ResultCode
        let log: String
    }

    /// The state key a query path reads.
    private static func route(_ path: String) throws(RouteFailure) -> StateKey {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count > 1 && parts[0].isEmpty ? parts[1] : "" {
        case "params" where parts.count == 2:
            return BankParams.stateKey
        case "account" where parts.count == 3:
            do {
                return Account.stateKey(try Address(String(parts[2])))
            } catch {
                throw RouteFailure(code: .invalidQuery, log: "invalid address \"\(parts[2])\": \(error)")
            }
        default:
            throw RouteFailure(
                code: .unknownQueryPath, log: "unknown query path \"\(path)\"; known paths: \(queryPaths)")
        }
    }
}
