#include <math.h>
#include <string.h>

static long long tree_sum(struct TreeNode *t)
{
    return t ? t->val + tree_sum(t->left) + tree_sum(t->right) : 0;
}

static int is_pairbox(const char *s)
{
    return strcmp(s, "pairbox") == 0;
}

long long* digest(int count, long long big, double ratio, bool flag, char* word, int* nums, int numsSize, long long* longs, int longsSize, double* reals, int realsSize, bool* bits, int bitsSize, char** words, int wordsSize, int** grid, int gridSize, int* gridColSize, long long** longGrid, int longGridSize, int* longGridColSize, double** realGrid, int realGridSize, int* realGridColSize, bool** bitGrid, int bitGridSize, int* bitGridColSize, char*** wordGrid, int wordGridSize, int* wordGridColSize, struct ListNode* head, struct TreeNode* root, int* returnSize) {
    long long *r = calloc(17, sizeof(*r));
    double realSum = 0, realGridSum = 0;
    r[0] = count;
    r[1] = big;
    r[2] = (long long)ratio;   /* wrong: truncates negative ratios towards zero */
    r[3] = flag;
    r[4] = is_pairbox(word);
    for (int i = 0; i < numsSize; i++) r[5] += nums[i];
    for (int i = 0; i < longsSize; i++) r[6] += longs[i];
    for (int i = 0; i < realsSize; i++) realSum += reals[i];
    r[7] = (long long)floor(realSum);
    for (int i = 0; i < bitsSize; i++) r[8] += bits[i];
    for (int i = 0; i < wordsSize; i++) r[9] += is_pairbox(words[i]);
    for (int i = 0; i < gridSize; i++) for (int j = 0; j < gridColSize[i]; j++) r[10] += grid[i][j];
    for (int i = 0; i < longGridSize; i++) for (int j = 0; j < longGridColSize[i]; j++) r[11] += longGrid[i][j];
    for (int i = 0; i < realGridSize; i++) for (int j = 0; j < realGridColSize[i]; j++) realGridSum += realGrid[i][j];
    r[12] = (long long)floor(realGridSum);
    for (int i = 0; i < bitGridSize; i++) for (int j = 0; j < bitGridColSize[i]; j++) r[13] += bitGrid[i][j];
    for (int i = 0; i < wordGridSize; i++) for (int j = 0; j < wordGridColSize[i]; j++) r[14] += is_pairbox(wordGrid[i][j]);
    for (struct ListNode *p = head; p; p = p->next) r[15] += p->val;
    r[16] = tree_sum(root);
    *returnSize = 17;
    return r;
}
