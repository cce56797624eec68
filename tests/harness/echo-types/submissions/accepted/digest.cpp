#include <cmath>
#include <numeric>

class Solution {
    long long treeSum(TreeNode* t) {
        return t ? t->val + treeSum(t->left) + treeSum(t->right) : 0;
    }
public:
    vector<long long> digest(int count, long long big, double ratio, bool flag, string word, vector<int>& nums, vector<long long>& longs, vector<double>& reals, vector<bool>& bits, vector<string>& words, vector<vector<int>>& grid, vector<vector<long long>>& longGrid, vector<vector<double>>& realGrid, vector<vector<bool>>& bitGrid, vector<vector<string>>& wordGrid, ListNode* head, TreeNode* root) {
        vector<long long> r(17, 0);
        r[0] = count;
        r[1] = big;
        r[2] = (long long)floor(ratio);
        r[3] = flag;
        r[4] = word == "pairbox";
        r[5] = accumulate(nums.begin(), nums.end(), 0LL);
        r[6] = accumulate(longs.begin(), longs.end(), 0LL);
        r[7] = (long long)floor(accumulate(reals.begin(), reals.end(), 0.0));
        r[8] = count_if(bits.begin(), bits.end(), [](bool b) { return b; });
        r[9] = std::count(words.begin(), words.end(), "pairbox");
        double realGridSum = 0;
        for (auto& row : grid) r[10] += accumulate(row.begin(), row.end(), 0LL);
        for (auto& row : longGrid) r[11] += accumulate(row.begin(), row.end(), 0LL);
        for (auto& row : realGrid) for (double x : row) realGridSum += x;
        r[12] = (long long)floor(realGridSum);
        for (auto& row : bitGrid) for (bool b : row) r[13] += b;
        for (auto& row : wordGrid) r[14] += std::count(row.begin(), row.end(), "pairbox");
        for (ListNode* p = head; p; p = p->next) r[15] += p->val;
        r[16] = treeSum(root);
        return r;
    }
};
